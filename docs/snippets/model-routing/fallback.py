# title: Fall back to other models
import os

from openai import OpenAI

client = OpenAI(
    base_url=os.environ.get("HELICONE_BASE_URL", "https://ai-gateway.helicone.ai/v1"),
    api_key=os.environ["HELICONE_API_KEY"],
)

# A comma-separated list is tried left to right: when an attempt fails (429, 5xx, timeouts...), the next one is used.
completion = client.chat.completions.create(
    model="gpt-4o-mini/openai,claude-sonnet-4/anthropic,gemini-2.5-flash",
    messages=[{"role": "user", "content": "Say hello in one sentence."}],
)
print("served by:", completion.model)
print(completion.choices[0].message.content)
