# title: Retry rate limits automatically
import os

from openai import OpenAI

# The SDK retries 408, 409, 429, 5xx and connection errors with exponential backoff (honouring retry-after);
# max_retries is the number of extra attempts (default 2).
client = OpenAI(
    base_url=os.environ.get("HELICONE_BASE_URL", "https://ai-gateway.helicone.ai/v1"),
    api_key=os.environ["HELICONE_API_KEY"],
    max_retries=3,
)

raw = client.chat.completions.with_raw_response.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": "Say hello in one sentence."}],
)
completion = raw.parse()
print(f"succeeded after {raw.retries_taken} retries")
print(completion.choices[0].message.content)
