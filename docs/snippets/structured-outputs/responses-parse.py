# title: Structured output with the Responses API
import os

from openai import OpenAI
from pydantic import BaseModel

client = OpenAI(
    base_url=os.environ.get("HELICONE_BASE_URL", "https://ai-gateway.helicone.ai/v1"),
    api_key=os.environ["HELICONE_API_KEY"],
)


class CalendarEvent(BaseModel):
    name: str
    date: str
    participants: list[str]


# text_format sends text.format={"type": "json_schema", ...}; output_parsed is a CalendarEvent.
response = client.responses.parse(
    model="gpt-4o-mini",
    input="Alice and Bob are going to a science fair on Friday.",
    instructions="Extract the event.",
    text_format=CalendarEvent,
)
event = response.output_parsed
print(repr(event))
