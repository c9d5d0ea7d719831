# title: Authenticate with your Helicone API key
import os

import openai
from openai import OpenAI

# The Helicone key is the SDK's api_key; the base URL points the SDK at the gateway.
client = OpenAI(
    base_url=os.environ.get("HELICONE_BASE_URL", "https://ai-gateway.helicone.ai/v1"),
    api_key=os.environ["HELICONE_API_KEY"],  # export HELICONE_API_KEY="sk-helicone-..."
)

try:
    completion = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "ping"}],
        max_tokens=5,
    )
    print("authenticated:", completion.object)
except openai.AuthenticationError as e:  # 401: missing, invalid or revoked key
    print("authentication failed:", e.code)
