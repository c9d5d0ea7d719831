// title: List the models the gateway routes
import OpenAI from "openai";

const client = new OpenAI({
  baseURL: process.env.HELICONE_BASE_URL ?? "https://ai-gateway.helicone.ai/v1",
  apiKey: process.env.HELICONE_API_KEY,
});

for await (const model of client.models.list()) {
  console.log(model.id, model.owned_by);
}
