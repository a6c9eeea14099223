// The official OpenAI Node client against a Terafleet coordinator: embeddings, files (upload, list by purpose,
// content with gzip, delete) and a batch (create, retrieve until it ends, output file). Prints one JSON summary.
// Usage: OPENAI_BASE_URL=http://host:port/v1 OPENAI_API_KEY=sk-tf-... MODEL=all-minilm-l6-v2 node files-and-batches.mjs
import OpenAI, { toFile } from 'openai';

const client = new OpenAI({ maxRetries: 0, timeout: 120_000 });
const model = process.env.MODEL ?? 'all-minilm-l6-v2';
const summary = {};

const embedding = await client.embeddings.create({ model, input: ['The Lord is my shepherd', 'I shall not want'] });
summary.embeddings = embedding.data.length;
summary.dimensions = embedding.data[0].embedding.length;
summary.promptTokens = embedding.usage.prompt_tokens;

const lines = [];
for (let i = 0; i < 300; i++) {
  lines.push(JSON.stringify({ custom_id: `node-${i}`, method: 'POST', url: '/v1/embeddings',
    body: { model, input: `verse ${i}: in the beginning was the word, and the word was with God ${'amen '.repeat(i % 7)}` } }));
}
const content = lines.join('\n') + '\n';
const file = await client.files.create({ file: await toFile(Buffer.from(content), 'node.jsonl'), purpose: 'batch' });
summary.uploadedBytes = file.bytes;

const listed = await client.files.list({ purpose: 'batch' });
summary.listedByPurpose = listed.data.some(f => f.id === file.id);
const outputsListed = await client.files.list({ purpose: 'batch_output' });
summary.listedAsOutput = outputsListed.data.some(f => f.id === file.id);

const downloaded = await (await client.files.content(file.id)).text();
summary.contentMatches = downloaded === content;

let batch = await client.batches.create({ input_file_id: file.id, endpoint: '/v1/embeddings', completion_window: '24h' });
summary.createdStatus = batch.status;
const deadline = Date.now() + 170_000;
while (!['completed', 'failed', 'expired', 'cancelled'].includes(batch.status) && Date.now() < deadline) {
  await new Promise(resolve => setTimeout(resolve, 300));
  batch = await client.batches.retrieve(batch.id);
}
summary.finalStatus = batch.status;
summary.completed = batch.request_counts?.completed;
if (batch.output_file_id) {
  const output = await (await client.files.content(batch.output_file_id)).text();
  const results = output.trim().split('\n').map(line => JSON.parse(line));
  summary.outputLines = results.length;
  summary.outputBytes = Buffer.byteLength(output);
  summary.outputUsage = results.every(r => r.response.body.usage && r.response.body.usage.prompt_tokens > 0);
  summary.outputDimensions = results[0].response.body.data[0].embedding.length;
}

const deleted = await client.files.del(file.id);
summary.deleted = deleted.deleted;
try {
  await client.files.retrieve(file.id);
  summary.goneAfterDelete = false;
} catch (e) {
  summary.goneAfterDelete = e.status === 404 && e.error?.message?.includes(file.id);
}
try {
  await client.get('/assistants');
} catch (e) {
  summary.unknownRouteStatus = e.status;
  summary.unknownRouteType = e.error?.type;
  summary.requestIdHeader = typeof e.headers?.['x-request-id'] === 'string';
}
console.log(JSON.stringify(summary));
