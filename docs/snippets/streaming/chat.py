# title: Stream a chat completion
import os

from openai import OpenAI

client = OpenAI(
    base_url=os.environ.get("HELICONE_BASE_URL", "https://ai-gateway.helicone.ai/v1"),
    api_key=os.environ["HELICONE_API_KEY"],
)

stream = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": "Write a haiku about gateways."}],
    stream=True,
    stream_options={"include_usage": True},
)
for chunk in stream:
    # The last chunk carries only usage and no choices.
    if chunk.choices and chunk.choices[0].delta.content:
        print(chunk.choices[0].delta.content, end="", flush=True)
    if chunk.usage:
        print(f"\n[{chunk.usage.total_tokens} tokens]")
