// Calls the real app through the typescript-fetch client that the build generates from
// docs/openapi.json, as a user of the API would, and prints what the client read as one JSON
// object for clients.TypeScriptClientTest to compare with the answers as sent. Exits non-zero when
// the client fails to make a call or to read an answer.
//
//   node client-check.js <base URL> <PNG image>
import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import {
  BatchResponseToJSON,
  Configuration,
  LocalizationApi,
  LocalizeBoxesEnum,
  LocalizeResponseToJSON,
  ModelApi,
  ModelInfoResponseToJSON,
  ProblemDetail,
  ProblemDetailFromJSON,
  ProblemDetailToJSON,
  ResponseError,
} from "../../../target/generated-clients/typescript";

/** A PNG signature and then nothing a decoder can read. */
const UNDECODABLE = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

async function main(baseUrl: string, imagePath: string): Promise<void> {
  const config = new Configuration({ basePath: baseUrl });
  const localization = new LocalizationApi(config);
  const image = new Blob([readFileSync(imagePath)], { type: "image/png" });

  const model = await new ModelApi(config).model();
  assert.equal(model.labels.length, model.numClasses);

  const answer = await localization.localize({ image, topk: 1 });
  assert.equal(answer.predictions.length, 1);
  assert.ok(model.labels.includes(answer.predictions[0].label));

  const detailed = await localization.localize({
    image,
    topk: 2,
    boxes: LocalizeBoxesEnum.All,
    evidence: true,
  });
  for (const prediction of detailed.predictions) {
    assert.ok(prediction.boxes !== undefined && prediction.boxes.length > 0);
    assert.ok(prediction.evidence !== undefined);
  }

  const undecodable = new Blob([UNDECODABLE], { type: "image/png" });
  const batch = await localization.localizeBatch({ images: [image, undecodable], topk: 1 });
  const [answered, failed] = batch.results;
  assert.equal(answered.status, 200);
  assert.ok(answered.answer !== undefined && answered.problem === undefined);
  assert.ok(failed.answer === undefined);
  assert.equal(failed.problem?.status, failed.status);

  const problem = await problemOf(localization.localize({ image, topk: 0 }));
  assert.equal(problem.status, 400);

  console.log(
    JSON.stringify({
      model: ModelInfoResponseToJSON(model),
      answer: LocalizeResponseToJSON(answer),
      detailed: LocalizeResponseToJSON(detailed),
      batch: BatchResponseToJSON(batch),
      problem: ProblemDetailToJSON(problem),
    }),
  );
}

/** The problem a call that must fail answered with, read as the generated model. */
async function problemOf(call: Promise<unknown>): Promise<ProblemDetail> {
  try {
    await call;
  } catch (error) {
    if (error instanceof ResponseError) {
      return ProblemDetailFromJSON(await error.response.json());
    }
    throw error;
  }
  return assert.fail("the call succeeded; a problem was expected");
}

const [baseUrl, imagePath] = process.argv.slice(2);
main(baseUrl, imagePath).catch((error) => {
  console.error(error);
  process.exit(1);
});
