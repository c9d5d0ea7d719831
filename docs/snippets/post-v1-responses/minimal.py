# title: Create a response
import os

from openai import OpenAI

client = OpenAI(
    base_url=os.environ.get("HELICONE_BASE_URL", "https://ai-gateway.helicone.ai/v1"),
    api_key=os.environ["HELICONE_API_KEY"],
)

response = client.responses.create(
    model="gpt-4o-mini",
    input="Say hello in one sentence.",
)
# output_text joins the text of every message item in response.output (computed by the SDK).
print(response.output_text)
