// Loads a model from jmreg's /hf/ endpoints with Hugging Face's own JS client and runs it with ONNX Runtime.
// Input (environment): HUB_URL (http://host:port/hf), HF_TOKEN, REPO, REVISION, FILE (an .onnx file of the repo),
// INPUT (JSON array of 3 numbers). Prints one JSON object with what the client saw and the model's output.
import { modelInfo, listFiles, downloadFile, fileDownloadInfo } from "@huggingface/hub";
import * as ort from "onnxruntime-node";

const { HUB_URL: hubUrl, HF_TOKEN: accessToken, REPO: repo, REVISION: revision, FILE: file, INPUT: input } = process.env;
const out = {};

const info = await modelInfo({ name: repo, hubUrl, accessToken, revision, additionalFields: ["sha", "siblings"] });
out.info = { name: info.name, sha: info.sha, private: info.private, siblings: info.siblings.map((s) => s.rfilename) };

// the tree in pages of 2: the first request asks for the page size, the client follows the Link headers after that
let requests = 0;
const pagedFetch = (url, init) => {
	requests++;
	return fetch(requests === 1 ? url + "&limit=2" : url, init);
};
out.files = [];
for await (const entry of listFiles({ repo, revision, hubUrl, accessToken, recursive: true, fetch: pagedFetch })) {
	out.files.push({ path: entry.path, type: entry.type, size: entry.size, oid: entry.oid, lfs: entry.lfs?.oid });
}
out.treeRequests = requests;

out.fileInfo = await fileDownloadInfo({ repo, path: file, revision, hubUrl, accessToken });
const blob = await downloadFile({ repo, path: file, revision, hubUrl, accessToken });
const bytes = new Uint8Array(await blob.arrayBuffer());
out.downloadedBytes = bytes.length;
out.missing = await downloadFile({ repo, path: "no-such-file.bin", revision, hubUrl, accessToken });

const session = await ort.InferenceSession.create(bytes);
const x = new ort.Tensor("float32", Float32Array.from(JSON.parse(input)), [1, 3]);
const result = await session.run({ X: x });
out.output = Array.from(result.Y.data);

try {
	await modelInfo({ name: repo + "-missing", hubUrl, accessToken });
} catch (e) {
	out.missingRepo = { status: e.statusCode, message: e.message };
}
console.log(JSON.stringify(out));
