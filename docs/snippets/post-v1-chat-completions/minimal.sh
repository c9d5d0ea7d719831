# title: Create a chat completion
BASE_URL="${HELICONE_BASE_URL:-https://ai-gateway.helicone.ai/v1}"

curl "$BASE_URL/chat/completions" \
  -H "Authorization: Bearer $HELICONE_API_KEY" \
  -H "Content-Type: application/json" \
  -d '{
    "model": "gpt-4o-mini",
    "messages": [
      {"role": "system", "content": "You are a helpful assistant."},
      {"role": "user", "content": "Say hello in one sentence."}
    ]
  }'
