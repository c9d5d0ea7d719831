# title: Structured output parsed into a Pydantic model
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


# .parse() sends response_format={"type": "json_schema", ...} built from the model and validates the answer with it.
completion = client.chat.completions.parse(
    model="gpt-4o-mini",
    messages=[
        {"role": "system", "content": "Extract the event."},
        {"role": "user", "content": "Alice and Bob are going to a science fair on Friday."},
    ],
    response_format=CalendarEvent,
)
event = completion.choices[0].message.parsed
print(repr(event))
