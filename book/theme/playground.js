// The allocator playground: the course's real allocators (the `playground`
// crate, built for WebAssembly by `cargo xtask book`), driven from the page.
//
// A page asks for one with
//   <div class="allocator-playground" data-allocator="debug"></div>
// and gets a script editor, the presets for that allocator, and the steps of
// a run: the allocator's picture (SVG drawn by the chapter's own code, shown
// as it comes) and its log. Stepping back and forth only shows other steps
// of the same run; nothing is drawn here.
//
// The module is embedded in `playground/wasm.js` (base64), loaded with a
// <script> tag, so the book works from files on disk with no server.
(function () {
  'use strict';
  const widgets = [...document.querySelectorAll('.allocator-playground')];
  if (!widgets.length) return;

  const ALLOCATORS = {
    page: 'the page allocator (lesson 04), over a simulated kernel of 64 pages',
    'fixed-buffer': 'the fixed-buffer allocator (lesson 05), over 256 bytes',
    arena: 'the arena (lesson 06), over the system allocator',
    debug: 'the debug allocator (lesson 07), with 256-byte buckets',
    'thread-cache': 'a thread cache in front of its heap (lesson 09), over a simulated kernel of 256 pages',
  };
  const HELP =
    'One operation per line: alloc SIZE [ALIGN] (blocks are named A, B, …) · repeat N alloc SIZE [ALIGN] · ' +
    'free A · resize A SIZE · remap A SIZE · reset (fixed buffer) · reset free-all | retain | retain LIMIT (arena) · ' +
    'double-free A · write-after-free A · overflow A · check · leaks (debug allocator) · flush (thread cache) · # comments.';

  function say(widget, text, state) {
    widget.dataset.state = state;
    widget.replaceChildren(element('p', { className: 'playground-message', role: 'status' }, text));
  }

  function element(tag, props = {}, ...children) {
    const node = Object.assign(document.createElement(tag), props);
    node.append(...children);
    return node;
  }

  if (typeof WebAssembly !== 'object') {
    widgets.forEach((w) =>
      say(w, 'This playground runs the course’s allocators as WebAssembly, which this browser does not offer. ' +
        'The same runs are in the playground crate’s snapshots (playground/tests/snapshots).', 'unavailable'));
    return;
  }
  widgets.forEach((w) => say(w, 'Loading the allocator playground…', 'loading'));

  const script = document.createElement('script');
  script.src = (typeof path_to_root === 'string' ? path_to_root : '') + 'playground/wasm.js';
  script.onerror = () =>
    widgets.forEach((w) =>
      say(w, 'The playground is not built into this copy of the book: build the book with `cargo xtask book`.', 'error'));
  script.onload = () => {
    try {
      const base64 = window.coursePlaygroundWasm;
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      WebAssembly.instantiate(bytes, {}).then(
        ({ module: compiled }) => {
          const module = api(compiled);
          widgets.forEach((w) => build(w, module));
        },
        (error) => widgets.forEach((w) => say(w, `The playground did not start: ${error}`, 'error')),
      );
    } catch (error) {
      widgets.forEach((w) => say(w, `The playground did not start: ${error}`, 'error'));
    }
  };
  document.head.append(script);

  // The module's four functions, with strings in and out through its memory.
  // A panic in Rust is a trap here (`panic = "abort"`): the instance is then
  // thrown away and the next call gets a fresh one.
  function api(compiled) {
    const encoder = new TextEncoder();
    const decoder = new TextDecoder();
    let exports = new WebAssembly.Instance(compiled, {}).exports;
    function call(name, input) {
      try {
        return callIn(exports, name, input);
      } catch (error) {
        exports = new WebAssembly.Instance(compiled, {}).exports;
        throw error;
      }
    }
    function callIn(exports, name, input) {
      if (input !== undefined) {
        const bytes = encoder.encode(input);
        const at = exports.playground_input(bytes.length);
        new Uint8Array(exports.memory.buffer, at, bytes.length).set(bytes);
      }
      const length = exports[name]();
      return decoder.decode(new Uint8Array(exports.memory.buffer, exports.playground_output(), length));
    }
    const presets = call('playground_presets')
      .split('\x1e')
      .map((fields) => {
        const [name, allocator, title, text] = fields.split('\x1f');
        return { name, allocator, title, text };
      });
    function run(allocator, text) {
      let output;
      try {
        output = call('playground_run', `${allocator}\x1d${text}`);
      } catch (error) {
        return { error: `The playground stopped (${error.message}): a bug in the playground, not in your script.` };
      }
      const [status, body] = output.split('\x1d');
      if (status !== 'ok') return { error: `The script has a mistake — ${body}` };
      const steps = body.split('\x1e').map((fields) => {
        const [op, log, svg] = fields.split('\x1f');
        return { op, log, svg };
      });
      return { steps };
    }
    return { presets, run };
  }

  function build(widget, module) {
    const allocator = widget.dataset.allocator;
    if (!(allocator in ALLOCATORS)) {
      say(widget, `No allocator is called “${allocator}”.`, 'error');
      return;
    }
    const presets = module.presets.filter((p) => p.allocator === allocator);
    const id = `playground-${[...document.querySelectorAll('.allocator-playground')].indexOf(widget)}`;

    const choose = element('select', { id: `${id}-preset` });
    presets.forEach((p) => choose.append(element('option', { value: p.name }, p.title)));
    choose.append(element('option', { value: '' }, 'Your own script'));
    const editor = element('textarea', { id: `${id}-script`, rows: 8, spellcheck: false });
    editor.setAttribute('aria-label', 'Script, one operation per line (Ctrl+Enter runs it)');
    const runButton = element('button', { type: 'button', className: 'playground-run' }, 'Run');
    const first = element('button', { type: 'button', className: 'playground-first', title: 'First step (Home)' }, '◀◀');
    const back = element('button', { type: 'button', className: 'playground-back', title: 'Step back (←)' }, '◀');
    const next = element('button', { type: 'button', className: 'playground-next', title: 'Step forward (→)' }, '▶');
    const last = element('button', { type: 'button', className: 'playground-last', title: 'Last step (End)' }, '▶▶');
    [first, back, next, last].forEach((b) => b.setAttribute('aria-label', b.title));
    const position = element('span', { className: 'playground-step' });
    position.setAttribute('aria-live', 'polite');
    const picture = element('div', { className: 'playground-picture' });
    // The run's log up to the current step, that step's entry marked.
    const log = element('div', { className: 'playground-log' });
    log.setAttribute('aria-label', 'What the allocator did and said, step by step');

    // One-click steps: each adds a line to the script and runs it.
    const size = element('input', { type: 'number', min: 1, value: 32, id: `${id}-size`, className: 'playground-size' });
    const align = element('select', { id: `${id}-align` });
    [1, 2, 4, 8, 16, 32, 64, 4096].forEach((a) => align.append(element('option', { value: a, selected: a === 8 }, String(a))));
    const block = element('select', { id: `${id}-block` });
    block.setAttribute('aria-label', 'Block');
    const adds = [
      ['alloc', () => `alloc ${size.value} ${align.value}`],
      ['free', () => `free ${block.value}`],
      ['resize', () => `resize ${block.value} ${size.value}`],
      ['remap', () => `remap ${block.value} ${size.value}`],
      ...(allocator === 'fixed-buffer' ? [['reset', () => 'reset']] : []),
      ...(allocator === 'arena' ? [['reset (retain)', () => 'reset retain'], ['reset (free all)', () => 'reset free-all']] : []),
      ...(allocator === 'thread-cache' ? [['flush', () => 'flush']] : []),
      ...(allocator === 'debug'
        ? [
            ['double free', () => `double-free ${block.value}`],
            ['write after free', () => `write-after-free ${block.value}`],
            ['overflow', () => `overflow ${block.value}`],
            ['check', () => 'check'],
            ['leaks', () => 'leaks'],
          ]
        : []),
    ].map(([label, line]) =>
      Object.assign(element('button', { type: 'button', className: 'playground-add' }, label), {
        onclick: () => {
          const text = line();
          if (/ $| undefined/.test(text) || (text.includes(' ') && !text.split(' ')[1])) return;
          editor.value = `${editor.value.replace(/\s*$/, '')}\n${text}`;
          choose.value = '';
          delete widget.dataset.preset;
          run();
        },
      }),
    );
    // The names the script has given so far: A, B, … one per block allocated.
    function refreshBlocks() {
      let count = 0;
      for (const line of editor.value.split('\n')) {
        const words = line.split('#')[0].trim().split(/\s+/);
        if (words[0] === 'alloc') count += 1;
        if (words[0] === 'repeat' && words[2] === 'alloc') count += Number(words[1]) || 0;
      }
      const names = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'].slice(0, Math.min(count, 26));
      const keep = block.value;
      block.replaceChildren(...names.map((n) => element('option', { value: n }, n)));
      if (names.includes(keep)) block.value = keep;
      else if (names.length) block.value = names.at(-1);
    }

    widget.replaceChildren(
      element('p', { className: 'playground-title' }, element('strong', {}, 'Playground: '), ALLOCATORS[allocator]),
      element('div', { className: 'playground-controls' }, element('label', { htmlFor: choose.id }, 'Preset '), choose),
      editor,
      element(
        'div',
        { className: 'playground-controls' },
        element('span', {}, 'Add a step:'),
        element('label', { htmlFor: size.id }, 'size'),
        size,
        element('label', { htmlFor: align.id }, 'align'),
        align,
        element('label', { htmlFor: block.id }, 'block'),
        block,
        ...adds,
      ),
      element('div', { className: 'playground-controls' }, runButton, first, back, next, last, position),
      picture,
      log,
      element('details', {}, element('summary', {}, 'The script language'), element('p', {}, HELP)),
    );

    let steps = [];
    let at = 0;
    function show() {
      const step = steps[at];
      position.textContent = `step ${at} of ${steps.length - 1}: ${step.op}`;
      picture.innerHTML = step.svg;
      log.replaceChildren(
        ...steps.slice(1, at + 1).map((s, i) =>
          element(
            'div',
            { className: i + 1 === at ? 'playground-entry current' : 'playground-entry' },
            element('div', { className: 'playground-op' }, `${i + 1}: ${s.op}`),
            element('pre', { className: 'playground-out' }, s.log),
          ),
        ),
      );
      log.querySelector('.current')?.scrollIntoView({ block: 'nearest' });
      widget.dataset.step = String(at);
      [first, back].forEach((b) => (b.disabled = at === 0));
      [next, last].forEach((b) => (b.disabled = at === steps.length - 1));
    }
    function go(to) {
      if (!steps.length) return;
      at = Math.max(0, Math.min(steps.length - 1, to));
      show();
    }
    function run() {
      refreshBlocks();
      const result = module.run(allocator, editor.value);
      if (result.error) {
        steps = [];
        position.textContent = '';
        picture.replaceChildren();
        log.replaceChildren(element('p', { className: 'playground-message' }, result.error));
        widget.dataset.steps = '0';
        return;
      }
      steps = result.steps;
      widget.dataset.steps = String(steps.length);
      go(steps.length - 1);
    }
    function load() {
      const preset = presets.find((p) => p.name === choose.value);
      if (preset) {
        editor.value = preset.text;
        widget.dataset.preset = preset.name;
        run();
      }
    }
    choose.addEventListener('change', load);
    editor.addEventListener('input', () => {
      choose.value = '';
      delete widget.dataset.preset;
    });
    editor.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        run();
      }
    });
    runButton.addEventListener('click', run);
    first.addEventListener('click', () => go(0));
    back.addEventListener('click', () => go(at - 1));
    next.addEventListener('click', () => go(at + 1));
    last.addEventListener('click', () => go(steps.length - 1));
    widget.addEventListener('keydown', (event) => {
      if (event.target === editor || event.target === choose) return;
      const moves = { ArrowLeft: at - 1, ArrowRight: at + 1, Home: 0, End: steps.length - 1 };
      if (event.key in moves) {
        // The widget's keys, not mdBook's (whose arrows turn the page).
        event.preventDefault();
        event.stopPropagation();
        go(moves[event.key]);
      }
    });
    widget.tabIndex = 0;
    if (widget.dataset.start) choose.value = widget.dataset.start;
    load();
    widget.dataset.state = 'ready';
  }
})();
