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
    # Demo only: the mock gateway (`gateway-docs mock`) answers the first 2 attempts with 429 when asked to.
    # The real gateway ignores these headers, so there the first attempt succeeds.
    extra_headers={"x-mock-fault": "429", "x-mock-fault-count": "2"},
)
completion = raw.parse()
print(f"succeeded after {raw.retries_taken} retries")
print(completion.choices[0].message.content)
