// Regression: "the chart's drawing area is too narrow beside an editor". At 500–700 px the label
// column (260 px) and the details panel (340 px) took nearly the whole width, leaving ~5 px of
// timeline. The layout is now decided from the widths: these tests hold it to the promises.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  chartWidths,
  clampPreferredGutter,
  DEFAULT_GUTTER,
  gutterWidth,
  MAX_GUTTER_SHARE,
  MIN_GUTTER,
  pageLayout,
  SIDE_DETAILS_MIN_PAGE,
} from '../../../src/webview/view/responsive.ts';

const widths = (from: number, to: number, step: number) =>
  Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, k) => from + k * step);
const preferences = [null, MIN_GUTTER, 120, DEFAULT_GUTTER, 400, 2000];

describe('responsive layout (bug: the drawing area was ~5 px wide beside an editor)', () => {
  test('at 600 px the timeline keeps at least 60% of the width, details open or not, whatever the labels want', () => {
    for (const preferred of preferences) {
      for (const open of [false, true]) {
        const w = chartWidths(600, preferred, open);
        assert.ok(w.plot >= 0.6 * 600, `${JSON.stringify({ preferred, open, w })}`);
      }
    }
  });

  test('on any narrow page (up to the side-by-side width) the timeline keeps 60%', () => {
    for (const page of widths(300, SIDE_DETAILS_MIN_PAGE - 1, 7)) {
      for (const preferred of preferences) {
        for (const open of [false, true]) {
          const w = chartWidths(page, preferred, open);
          assert.equal(w.layout.details, 'below', `${page}`);
          assert.equal(w.chart, page, 'the details panel takes no width when it is under the chart');
          assert.ok(w.plot >= 0.6 * page, `${page} px, ${preferred}, ${open}: ${w.plot}`);
        }
      }
    }
  });

  test('on a wide page the details sit beside the chart and the timeline still keeps half the page', () => {
    for (const page of widths(SIDE_DETAILS_MIN_PAGE, 3000, 13)) {
      for (const preferred of preferences) {
        const w = chartWidths(page, preferred, true);
        assert.equal(w.layout.details, 'side');
        assert.ok(w.layout.detailsWidth >= 260 && w.layout.detailsWidth <= 380, `${page}: ${w.layout.detailsWidth}`);
        assert.ok(w.plot >= 0.5 * page, `${page} px, ${preferred}: ${w.plot}`);
        // Closing the details gives their width back to the chart.
        assert.equal(chartWidths(page, preferred, false).chart, page);
      }
    }
  });

  test('the label column: the default when there is room, the user’s width within the cap, never below the minimum', () => {
    assert.equal(gutterWidth(1600, null), DEFAULT_GUTTER);
    assert.equal(gutterWidth(1600, 150), 150);
    assert.equal(gutterWidth(1600, 10), MIN_GUTTER);
    assert.equal(gutterWidth(600, null), Math.floor(600 * MAX_GUTTER_SHARE));
    assert.equal(gutterWidth(600, 400), Math.floor(600 * MAX_GUTTER_SHARE));
    assert.equal(gutterWidth(600, Number.NaN), Math.floor(600 * MAX_GUTTER_SHARE));
    // A chart too small for even the minimum column: the cap wins, the timeline keeps its share.
    assert.equal(gutterWidth(100, null), 30);
    assert.equal(gutterWidth(0, null), 0);
    for (const w of widths(0, 2500, 11)) {
      for (const preferred of preferences) {
        const g = gutterWidth(w, preferred);
        assert.ok(g >= 0 && g <= w * MAX_GUTTER_SHARE, `${w}, ${preferred}: ${g}`);
      }
    }
  });

  test('a dragged width is kept within bounds before it is saved', () => {
    assert.equal(clampPreferredGutter(-50), MIN_GUTTER);
    assert.equal(clampPreferredGutter(180.6), 181);
    assert.equal(clampPreferredGutter(1e9), 2000);
  });

  test('narrow pages are compact; the details go under the chart below the side-by-side width', () => {
    assert.deepEqual(pageLayout(500), { details: 'below', detailsWidth: 500, compact: true });
    assert.equal(pageLayout(800).compact, false);
    assert.equal(pageLayout(SIDE_DETAILS_MIN_PAGE - 1).details, 'below');
    assert.equal(pageLayout(SIDE_DETAILS_MIN_PAGE).details, 'side');
    assert.equal(pageLayout(1600).detailsWidth, 380);
  });
});
