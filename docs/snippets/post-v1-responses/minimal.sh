# title: Create a response
BASE_URL="${HELICONE_BASE_URL:-https://ai-gateway.helicone.ai/v1}"

curl "$BASE_URL/responses" \
  -H "Authorization: Bearer $HELICONE_API_KEY" \
  -H "Content-Type: application/json" \
  -d '{
    "model": "gpt-4o-mini",
    "input": "Say hello in one sentence."
  }'
