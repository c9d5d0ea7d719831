# title: Handle gateway errors
import os

import openai
from openai import OpenAI

client = OpenAI(
    base_url=os.environ.get("HELICONE_BASE_URL", "https://ai-gateway.helicone.ai/v1"),
    api_key=os.environ["HELICONE_API_KEY"],
)

try:
    client.chat.completions.create(
        model="no-such-model",  # not in GET /v1/models, so the gateway refuses the request
        messages=[{"role": "user", "content": "Say hello in one sentence."}],
    )
except openai.RateLimitError as e:  # 429, raised after the SDK's own retries ran out
    print("rate limited; retry later:", e.status_code)
except openai.APIStatusError as e:  # any other 4xx/5xx: BadRequestError, AuthenticationError, NotFoundError, ...
    print(f"{type(e).__name__}: HTTP {e.status_code}, code={e.code!r}")
    print("request id:", "set" if e.request_id else "missing")  # quote x-request-id when you report a problem
except openai.APIConnectionError as e:  # network failure or timeout, also after retries
    print("could not reach the gateway:", e)
