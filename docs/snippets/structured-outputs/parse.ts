// title: Structured output parsed with a zod schema
import OpenAI from "openai";
import { zodResponseFormat } from "openai/helpers/zod";
import { z } from "zod";

const client = new OpenAI({
  baseURL: process.env.HELICONE_BASE_URL ?? "https://ai-gateway.helicone.ai/v1",
  apiKey: process.env.HELICONE_API_KEY,
});

const CalendarEvent = z.object({
  name: z.string(),
  date: z.string(),
  participants: z.array(z.string()),
});

// zodResponseFormat builds response_format={type: "json_schema", ...}; .parse() validates the answer with zod.
const completion = await client.chat.completions.parse({
  model: "gpt-4o-mini",
  messages: [
    { role: "system", content: "Extract the event." },
    { role: "user", content: "Alice and Bob are going to a science fair on Friday." },
  ],
  response_format: zodResponseFormat(CalendarEvent, "calendar_event"),
});
const event = completion.choices[0].message.parsed;
console.log(event);
