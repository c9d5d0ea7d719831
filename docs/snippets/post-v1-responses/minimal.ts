// title: Create a response
import OpenAI from "openai";

const client = new OpenAI({
  baseURL: process.env.HELICONE_BASE_URL ?? "https://ai-gateway.helicone.ai/v1",
  apiKey: process.env.HELICONE_API_KEY,
});

const response = await client.responses.create({
  model: "gpt-4o-mini",
  input: "Say hello in one sentence.",
});
// output_text joins the text of every message item in response.output (computed by the SDK).
console.log(response.output_text);
