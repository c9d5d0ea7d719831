// title: Stream with the SDK helper and get the final completion
import OpenAI from "openai";

const client = new OpenAI({
  baseURL: process.env.HELICONE_BASE_URL ?? "https://ai-gateway.helicone.ai/v1",
  apiKey: process.env.HELICONE_API_KEY,
});

// .stream() emits typed events and assembles the final ChatCompletion for you.
const stream = client.chat.completions
  .stream({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: "Write a haiku about gateways." }],
  })
  .on("content.delta", ({ delta }) => process.stdout.write(delta));

const completion = await stream.finalChatCompletion();
console.log(`\n[finish_reason=${completion.choices[0].finish_reason}]`);
