import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { keyAction, wheelAction, type WheelInput } from '../../../src/webview/view/input.ts';

const none = { altKey: false, ctrlKey: false, metaKey: false };
const GUTTER = 200;
const wheel = (over: Partial<WheelInput>): WheelInput => ({
  deltaX: 0,
  deltaY: 0,
  deltaMode: 0,
  offsetX: 500,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  ...over,
});

describe('chart keys (zoom, pan, fit all, zoom to selection)', () => {
  test('+ and = zoom in, - and _ zoom out; arrows pan sideways and scroll rows', () => {
    assert.equal(keyAction('+', none), 'zoomIn');
    assert.equal(keyAction('=', none), 'zoomIn');
    assert.equal(keyAction('-', none), 'zoomOut');
    assert.equal(keyAction('_', none), 'zoomOut');
    assert.equal(keyAction('ArrowLeft', none), 'panLeft');
    assert.equal(keyAction('ArrowRight', none), 'panRight');
    assert.equal(keyAction('ArrowUp', none), 'rowUp');
    assert.equal(keyAction('PageDown', none), 'pageDown');
  });

  test('F fits all, Z zooms to the selected future, End follows, Escape deselects, [ ] resize the labels', () => {
    assert.equal(keyAction('f', none), 'fitAll');
    assert.equal(keyAction('F', none), 'fitAll');
    assert.equal(keyAction('z', none), 'zoomToSelection');
    assert.equal(keyAction('End', none), 'follow');
    assert.equal(keyAction('Home', none), 'home');
    assert.equal(keyAction('Escape', none), 'deselect');
    assert.equal(keyAction('[', none), 'narrowLabels');
    assert.equal(keyAction(']', none), 'widenLabels');
  });

  test('chords belong to VS Code (Ctrl+F, Cmd+-, Alt+arrows), other keys to nobody', () => {
    assert.equal(keyAction('f', { ...none, ctrlKey: true }), undefined);
    assert.equal(keyAction('-', { ...none, metaKey: true }), undefined);
    assert.equal(keyAction('ArrowLeft', { ...none, altKey: true }), undefined);
    assert.equal(keyAction('q', none), undefined);
    assert.equal(keyAction('toString', none), undefined, 'not a property of the key table');
  });
});

describe('chart wheel (zoom with wheel or pinch, pan with a swipe or shift+wheel)', () => {
  test('wheel up over the time area zooms in around the pointer, down zooms out', () => {
    const up = wheelAction(wheel({ deltaY: -100, offsetX: 640 }), GUTTER, 400);
    assert.equal(up.kind, 'zoom');
    assert.ok(up.kind === 'zoom' && up.factor > 1 && up.x === 640);
    const down = wheelAction(wheel({ deltaY: 100 }), GUTTER, 400);
    assert.ok(down.kind === 'zoom' && down.factor < 1);
    assert.ok(up.kind === 'zoom' && down.kind === 'zoom' && Math.abs(up.factor * down.factor - 1) < 1e-9, 'symmetric');
  });

  test('a pinch (ctrl+wheel, small deltas) zooms, faster per pixel than a wheel, over the labels too', () => {
    const pinch = wheelAction(wheel({ deltaY: -10, ctrlKey: true }), GUTTER, 400);
    const plain = wheelAction(wheel({ deltaY: -10 }), GUTTER, 400);
    assert.ok(pinch.kind === 'zoom' && plain.kind === 'zoom' && pinch.factor > plain.factor);
    assert.equal(wheelAction(wheel({ deltaY: -10, ctrlKey: true, offsetX: 50 }), GUTTER, 400).kind, 'zoom');
  });

  test('a sideways swipe and shift+wheel pan; a wheel over the labels scrolls the rows', () => {
    assert.deepEqual(wheelAction(wheel({ deltaX: 40, deltaY: 3 }), GUTTER, 400), { kind: 'pan', px: 40 });
    assert.deepEqual(wheelAction(wheel({ deltaY: -30, shiftKey: true }), GUTTER, 400), { kind: 'pan', px: -30 });
    assert.deepEqual(wheelAction(wheel({ deltaY: 30, offsetX: 120 }), GUTTER, 400), { kind: 'scroll', dy: 30 });
  });

  test('line and page deltas count as pixels', () => {
    assert.deepEqual(wheelAction(wheel({ deltaY: 3, deltaMode: 1, offsetX: 10 }), GUTTER, 400), {
      kind: 'scroll',
      dy: 48,
    });
    assert.deepEqual(wheelAction(wheel({ deltaY: 1, deltaMode: 2, offsetX: 10 }), GUTTER, 400), {
      kind: 'scroll',
      dy: 400,
    });
  });
});
