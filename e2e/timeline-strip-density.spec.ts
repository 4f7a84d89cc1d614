import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from './fixtures/app';
import { rpc } from './fixtures/powernode';

test.describe("the HTML export's timeline strip", () => {
  test.use({ appArgs: ['--clock-start', '2026-03-16T10:30:00.000Z'] });
  test.beforeEach(({}, testInfo) => test.skip(testInfo.project.name === 'electron', "exports through browser mode's /rpc"));

  test('marks seconds apart: no label, tag or tick overlaps another, no line runs through a text, every mark is named (looked at as an image)', async ({
    app,
  }, testInfo) => {
    const incidentId = execFileSync(process.execPath, ['--import', 'tsx', 'test/support/seed-sample-incident.ts', app.dataDir, '--dense-marks'], {
      encoding: 'utf8',
    }).trim();
    const folder = join(app.dataDir, 'dense-out');
    await rpc(app.page, 'postmortem.export', { incidentId, folder });

    const report = await app.page.context().newPage();
    await report.goto(pathToFileURL(join(folder, 'postmortem.html')).href);
    const strip = report.locator('svg.timeline-strip');
    await expect(strip).toBeVisible();
    const shot = testInfo.outputPath('dense-strip.png');
    await strip.screenshot({ path: shot });
    testInfo.attachments.push({ name: 'dense-strip', path: shot, contentType: 'image/png' });

    // Every text of the strip, as Chromium drew it: none overlaps another, none is cut off.
    const texts = await strip
      .locator('text')
      .evaluateAll((nodes) =>
        nodes.map((node) => ({ text: node.textContent ?? '', box: node.getBoundingClientRect().toJSON() as DOMRect, kind: node.getAttribute('class') ?? '' })),
      );
    const svgBox = (await strip.boundingBox())!;
    for (const { text, box } of texts) {
      expect(box.left >= svgBox.x - 0.5 && box.right <= svgBox.x + svgBox.width + 0.5, `"${text}" is cut off`).toBe(true);
    }
    for (const [i, a] of texts.entries()) {
      for (const b of texts.slice(i + 1)) {
        const overlap = a.box.left < b.box.right && b.box.left < a.box.right && a.box.top < b.box.bottom && b.box.top < a.box.bottom;
        expect(overlap, `"${a.text}" and "${b.text}" overlap`).toBe(false);
      }
    }
    // No mark's line runs through any text (its own label starts beside it).
    const crossings = await strip.locator('g.mark').evaluateAll((marks) => {
      const texts = [...document.querySelectorAll('svg.timeline-strip text')];
      return marks.flatMap((mark) => {
        const line = mark.querySelector('line')!.getBoundingClientRect();
        const own = mark.querySelector('text');
        return texts
          .filter((text) => text !== own)
          .map((text) => ({ text: text.textContent, box: text.getBoundingClientRect() }))
          .filter(({ box }) => line.left < box.right && box.left < line.right && line.top < box.bottom && box.top < line.bottom)
          .map(({ text }) => `${mark.getAttribute('class')} crosses "${text}"`);
      });
    });
    expect(crossings).toEqual([]);

    // All nine marks are named, with seconds (they share their minutes): on the strip, or in the key under it.
    const named = texts
      .filter(({ kind }) => kind === 'mark-label' || kind === 'mark-key')
      .map(({ text }) => text)
      .join(' ');
    for (const label of [
      'Halt 09:10:00',
      'Resume 09:10:02',
      'Acknowledged 09:23:01',
      'Halt 09:23:03',
      'Mitigated 09:23:04',
      'Resume 09:23:06',
      'Halt 09:23:07',
      'Resume 09:23:09',
      'Resolved 09:23:10',
    ]) {
      expect(named).toContain(label);
    }
    await expect(strip.locator('g.mark-tagged')).toHaveCount(1);
    await expect(strip.locator('text.mark-key')).toContainText([/^1/]);
    // A time axis with ticks across the window.
    expect(texts.filter(({ kind }) => kind === 'tick').map(({ text }) => text)).toEqual(expect.arrayContaining(['07:30', '08:00', '08:30', '09:00']));
  });
});
