import { Dialect, LocalLinter } from 'harper.js';
import { binary } from 'harper.js/binary';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { correctWithHarper } from '../src/harper-corrector.ts';
import { type PodFleet, startPods } from '../src/index.ts';
import { type Completion, chatBody, postJson, readSse } from './helpers.ts';

let fleet: PodFleet;

beforeAll(async () => {
  fleet = await startPods({ count: 1, engine: 'harper', profile: 'l40s-llama3-8b', timeScale: 0.25 });
}, 90_000);
afterAll(async () => {
  await fleet?.close();
});

const url = () => fleet.pods[0]!.url;

async function correct(text: string, system = 'Correct the text.\nDialect: American'): Promise<string> {
  const res = await postJson(`${url()}/v1/chat/completions`, {
    messages: [
      { role: 'system', content: system },
      { role: 'user', content: 'An earlier message that must be ignored: teh.' },
      { role: 'assistant', content: 'ok' },
      { role: 'user', content: text },
    ],
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as Completion).choices[0]!.message!.content;
}

let checker: LocalLinter | null = null;

/** Number of lints harper still finds (fewer = better corrected). */
async function lintCount(text: string): Promise<number> {
  checker ??= new LocalLinter({ binary, dialect: Dialect.American });
  return (await checker.lint(text, { language: 'plaintext' })).length;
}

describe('harper engine', () => {
  it('corrects the last user message: "too" → "to" and "tomorow" → "tomorrow"', async () => {
    const input = 'Their going too the park tomorow.';
    const out = await correct(input);
    expect(out).toContain('tomorrow');
    expect(out).toContain('going to the park');
    expect(out).not.toContain('teh');
    expect(await lintCount(out)).toBeLessThan(await lintCount(input));
  });

  it('streams the corrected text token by token', async () => {
    const res = await postJson(`${url()}/v1/chat/completions`, chatBody('I has a apple.', { stream: true }));
    const { chunks, done } = await readSse(res);
    expect(done).toBe(true);
    const text = chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('');
    expect(text).toBe(await correct('I has a apple.'));
    expect(chunks.length).toBeGreaterThan(3);
  });

  it('follows the Dialect line of the system message', async () => {
    const american = await correct('I like the colour of the theatre.');
    const british = await correct('I like the color of the theater.', 'Fix grammar.\nDialect: British');
    expect(american).toContain('color');
    expect(british).toContain('colour');
  });

  it('corrects the prompt of /v1/completions', async () => {
    const res = await postJson(`${url()}/v1/completions`, { prompt: 'This is teh end.', max_tokens: 50 });
    expect(((await res.json()) as Completion).choices[0]!.text).toBe('This is the end.');
  });

  it('places edits correctly after emoji and combining marks (UTF-16 vs code points)', async () => {
    expect(await correctWithHarper('😀😀 I saw teh cat.', 'American')).toBe('😀😀 I saw the cat.');
    expect(await correctWithHarper('Café e\u0301 teh dog.', 'American')).toContain('the dog.');
  });

  it('degrade makes corrections measurably worse, deterministically per text', async () => {
    const texts = [
      'Their going too the park tomorow.',
      'She dont know where there car is.',
      "I recieved you're letter yesterday and it was realy nice.",
      "The the dog runned quickly to it's house.",
      'We was planning to go their, but the whether was bad.',
      'He could of been a contender if he tryed harder.',
    ];
    const clean = await Promise.all(texts.map((t) => correctWithHarper(t, 'American', 0)));
    const degraded = await Promise.all(texts.map((t) => correctWithHarper(t, 'American', 0.8)));
    const again = await Promise.all(texts.map((t) => correctWithHarper(t, 'American', 0.8)));
    expect(again).toEqual(degraded);
    let cleanLints = 0;
    let degradedLints = 0;
    for (let i = 0; i < texts.length; i++) {
      cleanLints += await lintCount(clean[i]!);
      degradedLints += await lintCount(degraded[i]!);
    }
    expect(degraded.filter((d, i) => d !== clean[i]).length).toBeGreaterThanOrEqual(texts.length / 2);
    expect(degradedLints).toBeGreaterThan(cleanLints);
  });

  it('the degrade fault applies to a pod at run time', async () => {
    const text = 'Their going too the park tomorow with there friends.';
    const before = await correct(text);
    fleet.pods[0]!.setFaults({ degrade: 1 });
    try {
      const after = await correct(text);
      expect(after).not.toBe(before);
      expect(await correct(text)).toBe(after);
    } finally {
      fleet.pods[0]!.setFaults({ degrade: 0 });
    }
  });
});
