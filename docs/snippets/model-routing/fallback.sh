# title: Fall back to other models
BASE_URL="${HELICONE_BASE_URL:-https://ai-gateway.helicone.ai/v1}"

# A comma-separated list is tried left to right: when an attempt fails (429, 5xx, timeouts...), the next one is used.
curl "$BASE_URL/chat/completions" \
  -H "Authorization: Bearer $HELICONE_API_KEY" \
  -H "Content-Type: application/json" \
  -d '{
    "model": "gpt-4o-mini/openai,claude-sonnet-4/anthropic,gemini-2.5-flash",
    "messages": [{"role": "user", "content": "Say hello in one sentence."}]
  }'
