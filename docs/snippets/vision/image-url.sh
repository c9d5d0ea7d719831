# title: Send an image by URL
BASE_URL="${HELICONE_BASE_URL:-https://ai-gateway.helicone.ai/v1}"

# content is a list of parts; an image part carries a public https URL or a data: URL (base64).
curl "$BASE_URL/chat/completions" \
  -H "Authorization: Bearer $HELICONE_API_KEY" \
  -H "Content-Type: application/json" \
  -d '{
    "model": "gpt-4o-mini",
    "messages": [{
      "role": "user",
      "content": [
        {"type": "text", "text": "What is in this image?"},
        {"type": "image_url", "image_url": {"url": "https://upload.wikimedia.org/wikipedia/commons/thumb/d/dd/Gfp-wisconsin-madison-the-nature-boardwalk.jpg/640px-Gfp-wisconsin-madison-the-nature-boardwalk.jpg"}}
      ]
    }]
  }'
