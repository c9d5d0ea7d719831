# title: Stream with the SDK helper and get the final completion
import os

from openai import OpenAI

client = OpenAI(
    base_url=os.environ.get("HELICONE_BASE_URL", "https://ai-gateway.helicone.ai/v1"),
    api_key=os.environ["HELICONE_API_KEY"],
)

# .stream() wraps the raw chunks in typed events and assembles the final ChatCompletion for you.
with client.chat.completions.stream(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": "Write a haiku about gateways."}],
) as stream:
    for event in stream:
        if event.type == "content.delta":
            print(event.delta, end="", flush=True)
    completion = stream.get_final_completion()
print(f"\n[finish_reason={completion.choices[0].finish_reason}]")
