// title: Stream a chat completion
import OpenAI from "openai";

const client = new OpenAI({
  baseURL: process.env.HELICONE_BASE_URL ?? "https://ai-gateway.helicone.ai/v1",
  apiKey: process.env.HELICONE_API_KEY,
});

const stream = await client.chat.completions.create({
  model: "gpt-4o-mini",
  messages: [{ role: "user", content: "Write a haiku about gateways." }],
  stream: true,
  stream_options: { include_usage: true },
});
for await (const chunk of stream) {
  // The last chunk carries only usage and no choices.
  const text = chunk.choices[0]?.delta?.content;
  if (text) process.stdout.write(text);
  if (chunk.usage) console.log(`\n[${chunk.usage.total_tokens} tokens]`);
}
