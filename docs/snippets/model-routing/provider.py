# title: Pin a provider with model/provider
import os

from openai import OpenAI

client = OpenAI(
    base_url=os.environ.get("HELICONE_BASE_URL", "https://ai-gateway.helicone.ai/v1"),
    api_key=os.environ["HELICONE_API_KEY"],
)

# "claude-sonnet-4/anthropic": model first, then provider. A bare "claude-sonnet-4" lets the gateway pick the provider.
completion = client.chat.completions.create(
    model="claude-sonnet-4/anthropic",
    messages=[{"role": "user", "content": "Say hello in one sentence."}],
)
print("served by:", completion.model)
print(completion.choices[0].message.content)
