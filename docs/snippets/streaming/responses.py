# title: Stream a response
import os

from openai import OpenAI

client = OpenAI(
    base_url=os.environ.get("HELICONE_BASE_URL", "https://ai-gateway.helicone.ai/v1"),
    api_key=os.environ["HELICONE_API_KEY"],
)

stream = client.responses.create(
    model="gpt-4o-mini",
    input="Write a haiku about gateways.",
    stream=True,
)
for event in stream:
    if event.type == "response.output_text.delta":
        print(event.delta, end="", flush=True)
    elif event.type == "response.completed":
        print(f"\n[{event.response.status}, {event.response.usage.total_tokens} tokens]")
