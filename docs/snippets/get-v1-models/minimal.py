# title: List the models the gateway routes
import os

from openai import OpenAI

client = OpenAI(
    base_url=os.environ.get("HELICONE_BASE_URL", "https://ai-gateway.helicone.ai/v1"),
    api_key=os.environ["HELICONE_API_KEY"],
)

for model in client.models.list():
    print(model.id, model.owned_by)
