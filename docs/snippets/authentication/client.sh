# title: Authenticate with your Helicone API key
# export HELICONE_API_KEY="sk-helicone-..."  (create one at https://us.helicone.ai/settings/api-keys)
BASE_URL="${HELICONE_BASE_URL:-https://ai-gateway.helicone.ai/v1}"

curl "$BASE_URL/chat/completions" \
  -H "Authorization: Bearer $HELICONE_API_KEY" \
  -H "Content-Type: application/json" \
  -d '{"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "ping"}], "max_tokens": 5}'
