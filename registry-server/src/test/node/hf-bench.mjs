// Downloads one file and discards the bytes, as a program streaming a model would. Environment: HUB_URL, HF_TOKEN,
// REPO, REVISION, FILE; MODE=hub (default: @huggingface/hub's downloadFile from HUB_URL, read as a stream),
// hub-buffer (the same, read with arrayBuffer()) or fetch (node's own fetch of URL with TOKEN, the client baseline).
// Prints {"bytes": n, "seconds": s} (seconds from the first request to the last byte).
import { downloadFile } from "@huggingface/hub";

const { HUB_URL: hubUrl, HF_TOKEN: accessToken, REPO: repo, REVISION: revision, FILE: path } = process.env;
const mode = process.env.MODE ?? "hub";
const t0 = process.hrtime.bigint();
let bytes = 0;
if (mode === "hub-buffer") {
	const blob = await downloadFile({ repo, path, revision, hubUrl, accessToken });
	bytes = (await blob.arrayBuffer()).byteLength;
} else {
	const body =
		mode === "fetch"
			? (await fetch(process.env.URL, { headers: { Authorization: `Bearer ${process.env.TOKEN}` } })).body
			: (await downloadFile({ repo, path, revision, hubUrl, accessToken })).stream();
	for await (const chunk of body) {
		bytes += chunk.length;
	}
}
console.log(JSON.stringify({ bytes, seconds: Number(process.hrtime.bigint() - t0) / 1e9 }));
