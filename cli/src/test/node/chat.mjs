// The official OpenAI Node client streaming a chat completion from a Terafleet coordinator, then asking again
// without streaming. Prints one JSON summary.
// Usage: OPENAI_BASE_URL=http://host:port/v1 OPENAI_API_KEY=sk-tf-... MODEL=kjv-gpt node chat.mjs
import OpenAI from 'openai';

const client = new OpenAI({ maxRetries: 0, timeout: 120_000 });
const model = process.env.MODEL ?? 'kjv-gpt';
const request = {
  model,
  messages: [{ role: 'user', content: process.env.PROMPT ?? 'In the beginning' }],
  max_tokens: Number(process.env.MAX_TOKENS ?? 30),
  temperature: 0.8,
  seed: 42,
};

const stream = await client.chat.completions.create({ ...request, stream: true, stream_options: { include_usage: true } });
let streamed = '';
let chunks = 0;
let finishReason = null;
let usage = null;
for await (const chunk of stream) {
  chunks++;
  for (const choice of chunk.choices) {
    streamed += choice.delta?.content ?? '';
    finishReason = choice.finish_reason ?? finishReason;
  }
  usage = chunk.usage ?? usage;
}
const whole = await client.chat.completions.create(request);
console.log(JSON.stringify({
  streamed, chunks, finishReason, usage,
  whole: whole.choices[0].message.content,
  wholeFinishReason: whole.choices[0].finish_reason,
  wholeUsage: whole.usage,
}));
