# title: Tool calling: the full round trip
import json
import os

from openai import OpenAI

client = OpenAI(
    base_url=os.environ.get("HELICONE_BASE_URL", "https://ai-gateway.helicone.ai/v1"),
    api_key=os.environ["HELICONE_API_KEY"],
)

tools = [
    {
        "type": "function",
        "function": {
            "name": "get_weather",
            "description": "Current weather for a city.",
            "parameters": {
                "type": "object",
                "properties": {"city": {"type": "string", "description": "City name, e.g. Paris"}},
                "required": ["city"],
                "additionalProperties": False,
            },
        },
    }
]


def get_weather(city: str) -> dict:
    return {"city": city, "temperature_c": 21, "conditions": "sunny"}  # call your real weather API here


messages = [{"role": "user", "content": "What is the weather in Paris? Use get_weather."}]

# 1. The model asks for a tool call instead of answering.
first = client.chat.completions.create(model="gpt-4o-mini", messages=messages, tools=tools)
message = first.choices[0].message
print("finish_reason:", first.choices[0].finish_reason)
messages.append(message)

# 2. Run each requested call and send its result back as a `tool` message with the same id.
for call in message.tool_calls or []:
    args = json.loads(call.function.arguments)  # arguments is a JSON string
    print(f"tool call: {call.function.name}({', '.join(f'{k}={v!r}' for k, v in args.items())})")
    result = get_weather(**args)
    messages.append({"role": "tool", "tool_call_id": call.id, "content": json.dumps(result)})

# 3. The model answers using the tool's result.
final = client.chat.completions.create(model="gpt-4o-mini", messages=messages, tools=tools)
print("finish_reason:", final.choices[0].finish_reason)
print(final.choices[0].message.content)
