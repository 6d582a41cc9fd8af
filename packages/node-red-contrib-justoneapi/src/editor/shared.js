/* Shared editor code for every Just One API node set (loaded once, with the account node's HTML).
   Platform nodes pass their operation table (language-neutral); texts come from the node's locale. */
window.JustOneApiEditor = (() => {
  const NS = '__NS__';
  const LITERAL = { str: 1, num: 1, bool: 1, enum: 1 };
  function c(key, subs) {
    return RED._(NS + key, subs);
  }
  /** c() as the runtime's translator answers: the bare key when the catalog lacks it. */
  function words(key, subs) {
    const s = c(key, subs);
    return s === NS + key ? key : s;
  }
  /** The node's own text, or a fallback when its catalog lacks the key. */
  function own(def, key, fallback) {
    const s = def._(key);
    return s && s !== key ? s : fallback;
  }
  function findOp(ops, name) {
    if (!name) return undefined;
    for (let i = 0; i < ops.length; i++) {
      const o = ops[i];
      if (o.m === name || (o.a && o.a.indexOf(name) !== -1)) return o;
    }
    return undefined;
  }
  function opLabel(def, o, plain) {
    let s = own(def, 'ops.' + o.m + '.s', o.m);
    if (o.v && s.toLowerCase().indexOf(o.v.toLowerCase()) === -1) s += ' (' + o.v.toLowerCase() + ')';
    if (o.d && !plain) s += ' [' + c('common.deprecated') + ']';
    return s;
  }
  /** Paging state the node carries from page to page (page, cursor …): not a field, as in n8n. */
  function internal(o, p) {
    return !!(o.pg && o.pg.indexOf(p.n) !== -1);
  }
  function paramLabel(def, o, p) {
    return own(def, 'ops.' + o.m + '.p.' + p.n, p.n);
  }
  function spec(p) {
    const s = { name: p.n, in: 'query', type: p.t, required: !!p.r };
    if (p.min !== undefined) s.minimum = p.min;
    if (p.max !== undefined) s.maximum = p.max;
    if (p.e) s.enum = p.e.map((v) => ({ value: v }));
    return s;
  }
  /** Why this source is invalid for the parameter (the core's rules for typed values), or undefined. */
  function checkSource(p, src, label) {
    src = src || { t: 'msg', v: p.n };
    const blank = src.v === undefined || src.v === null || String(src.v).trim() === '';
    if (LITERAL[src.t]) {
      if (blank) return p.r ? c('common.invalid.required', { label: label }) : undefined;
      if (/^\$\{[a-zA-Z_][a-zA-Z0-9_]*\}$/.test(String(src.v))) return undefined;
      const check = window.JustOneApiCheck;
      const err = check ? check.paramProblem(spec(p), String(src.v)) : undefined;
      return err
        ? label + ': ' + (check.validationDetail(err, words) || err.param + ' ' + err.reason?.text)
        : undefined;
    }
    return blank ? c('common.invalid.required', { label: label }) : undefined;
  }
  function validateParams(node, ops, value) {
    const o = findOp(ops, node.operation);
    if (!o) return true;
    for (let i = 0; i < o.p.length; i++) {
      const p = o.p[i];
      const why = checkSource(p, value?.[p.n], paramLabel(node._def || node, o, p));
      if (why) return why;
    }
    return true;
  }
  function count(min, key) {
    return (v, opt) => {
      if (v === undefined || v === null || String(v).trim() === '') return true;
      if (/^\$\{[a-zA-Z_][a-zA-Z0-9_]*\}$/.test(String(v))) return true;
      const why = window.JustOneApiCheck?.countProblem(String(v), { min: min });
      return why ? c(key, { label: opt?.label || '' }) : true;
    };
  }
  function typesFor(def, o, p) {
    let lit;
    if (p.e) {
      lit = {
        value: 'enum',
        label: paramLabel(def, o, p),
        icon: 'fa fa-list',
        options: p.e.map((v) => {
          const l = own(def, 'ops.' + o.m + '.e.' + p.n + '.' + v, '');
          return { value: String(v), label: l || String(v) };
        }),
      };
    } else if (p.t === 'integer' || p.t === 'number') lit = 'num';
    else if (p.t === 'boolean') lit = 'bool';
    else lit = 'str';
    return [lit, 'msg', 'flow', 'global', 'env', 'jsonata'];
  }
  /** The dry-run estimate under the fields, by the core's rule: pages × (1 + retries), capped by Max requests. */
  function showEstimate(paged) {
    const box = $('#justoneapi-estimate');
    const check = window.JustOneApiCheck;
    if (!box.length || !check?.estimateRequests) return;
    // The core's whole-number rule: a field it refuses counts as blank (its own check says why).
    const whole = (v, min) => (check.countProblem(String(v ?? ''), { min: min }) ? undefined : Number(v));
    const cfg = RED.nodes.node($('#node-input-config').val());
    const retries = whole(cfg?.maxRetries, 0) ?? 2;
    const pages = whole($('#node-input-pages').val(), 1) ?? 1;
    const budget = whole($('#node-input-maxRequests').val(), 1);
    const e = check.estimateRequests({
      paged: !!paged,
      maxPages: pages,
      maxRetries: retries,
      ...(budget ? { maxRequests: budget } : {}),
    });
    const n = (v) => (Number.isFinite(v) ? String(v) : c('common.estimateText.unbounded'));
    let text = c('common.estimateText.most', { n: n(e.requests) });
    if (e.withRetries !== e.requests)
      text += ' (' + c('common.estimateText.retries', { n: n(e.withRetries) }) + ')';
    box.text(c('common.estimate', { text }));
  }
  /** Columns: a TypedInput (text, or read from msg, flow, global, env); shown while "Items as" is records. */
  function columnsInput() {
    $('#node-input-columns').typedInput({
      default: 'str',
      types: ['str', 'msg', 'flow', 'global', 'env'],
      typeField: '#node-input-columnsType',
    });
    $('#node-input-output')
      .on('change', function () {
        $('.justoneapi-columns').toggle($(this).val() !== 'raw');
      })
      .trigger('change');
  }
  function watchEstimate(paged) {
    const update = () => showEstimate(typeof paged === 'function' ? paged() : paged);
    $('#node-input-pages, #node-input-maxRequests, #node-input-config').on('change keyup', update);
    $('#node-input-onlyNew')
      .on('change', function () {
        $('.justoneapi-seen-store').toggle($(this).is(':checked'));
      })
      .trigger('change');
    update();
    return update;
  }
  function renderParams(node, ops, name) {
    const def = node._def;
    const box = $('#justoneapi-params').empty();
    const o = findOp(ops, name);
    const tip = o ? own(def, 'ops.' + o.m + '.tip', '') : '';
    $('#justoneapi-op-tip').text(tip).toggle(!!tip);
    $('#justoneapi-op-deprecated').toggle(!!o?.d);
    $('.justoneapi-paged').toggle(!!o?.pg);
    $('#justoneapi-not-paged').toggle(!!(o && !o.pg));
    showEstimate(!!o?.pg);
    if (!o?.pg) $('.justoneapi-seen-store').hide();
    else $('#node-input-onlyNew').trigger('change');
    renderHighlights(node, def, o);
    if (!o) return;
    if (!o.p.some((p) => !internal(o, p)))
      $('<div class="form-tips">').text(c('common.noParams')).appendTo(box);
    const saved = node.operation === name && node.params ? node.params : {};
    const kept = {};
    box.data('kept', kept);
    o.p.forEach((p) => {
      if (internal(o, p)) {
        if (saved[p.n]) kept[p.n] = saved[p.n];
        return;
      }
      const label = paramLabel(def, o, p);
      const row = $('<div class="form-row">').appendTo(box);
      const tip = own(def, 'ops.' + o.m + '.h.' + p.n, '');
      $('<label>')
        .attr('for', 'node-input-jo-' + p.n)
        .attr('title', tip)
        .text(label + (p.r ? ' *' : ''))
        .appendTo(row);
      const input = $('<input type="text" style="width:70%">')
        .attr('id', 'node-input-jo-' + p.n)
        .attr('data-param', p.n)
        .appendTo(row);
      const src = saved[p.n] || { t: 'msg', v: p.n };
      input.typedInput({ default: src.t, types: typesFor(def, o, p) });
      input.typedInput('type', src.t);
      input.typedInput('value', src.v);
      const check = () => {
        const why = checkSource(p, { t: input.typedInput('type'), v: input.typedInput('value') }, label);
        row
          .find('.red-ui-typedInput-container')
          .toggleClass('input-error', !!why)
          .attr('title', why || '');
      };
      input.on('change', check);
      check();
    });
  }
  /**
   * The vendor's highlights for the operation, and a checkbox per danger one: unticked, the node refuses
   * the call and sends nothing (the core's rule); ticked, node.acknowledge names it.
   */
  function renderHighlights(node, def, o) {
    const box = $('#justoneapi-highlights').empty();
    if (!o) return;
    own(def, 'ops.' + o.m + '.hl', '')
      .split('\n')
      .filter(Boolean)
      .forEach((line) => {
        $('<div class="form-row form-tips">')
          .append($('<i class="fa fa-warning">'), ' ', $('<span>').text(line))
          .appendTo(box);
      });
    const given = Array.isArray(node.acknowledge) ? node.acknowledge : [];
    (o.k || []).forEach((k) => {
      const row = $('<div class="form-row">').appendTo(box);
      $('<input type="checkbox" style="width:auto;margin:0 6px 0 0">')
        .attr('id', 'node-input-jo-ack-' + k[0])
        .attr('data-ack', k[0])
        .prop('checked', given.indexOf(k[0]) !== -1)
        .appendTo(row);
      $('<label style="width:auto">')
        .attr('for', 'node-input-jo-ack-' + k[0])
        .text(c('common.acknowledge', { text: k[1] }))
        .appendTo(row);
    });
  }
  /** The run settings every node type shares (legacy and platform nodes alike): one place for their defaults. */
  function runDefaults() {
    return {
      mode: { value: 'all' },
      pages: { value: 1, validate: count(1, 'common.invalid.count') },
      limit: { value: '', validate: count(1, 'common.invalid.count') },
      // New nodes: compact rows. Saved nodes keep the output they were saved with ('records': flat records).
      output: { value: 'compact' },
      maxQueue: { value: 1000, validate: count(0, 'common.invalid.queue') },
      maxRequests: { value: '', validate: count(1, 'common.invalid.maxRequests') },
      onlyNew: { value: false },
      // New nodes: stop at the first page already seen. Saved nodes without it page as before (unset: off).
      stopAtSeen: { value: true },
      seenStore: { value: '' },
      // Blank: the output's default rows; else the core's columns syntax (checked at run time).
      columns: { value: '' },
      columnsType: { value: 'str' },
      itemId: {
        value: '',
        validate: (v) => !v || /^[A-Za-z_$][\w$-]*(\.[A-Za-z0-9_$-]+)*$/.test(String(v).trim()),
      },
    };
  }
  return {
    c: c,
    count: count,
    runDefaults: runDefaults,
    validateParams: validateParams,
    /** "Platform · Operation", so a Douyin node is told from a TikTok one on the canvas. */
    label: (node, ops) => {
      if (node.name) return node.name;
      const def = node._def;
      const platform = own(def, 'short', own(def, 'paletteLabel', node.type));
      const o = findOp(ops, node.operation);
      return o ? platform + ' · ' + opLabel(def, o, true) : platform;
    },
    /** Lets the palette filter find the node by every name of its platform (RedNote, 小红书 …). */
    aliases: (type, aliases) => {
      setTimeout(() => {
        $('.red-ui-palette-node[data-palette-type="' + type + '"]').each(function () {
          const el = $(this);
          el.attr('data-palette-label', (el.attr('data-palette-label') || '') + ' ' + aliases.join(' '));
        });
      }, 0);
    },
    prepare: (node, ops) => {
      const select = $('#node-input-operation').empty();
      const current = findOp(ops, node.operation);
      // Deprecated operations are offered only to a node that already uses one. Searches first, then
      // the rest, each sorted by name in the editor's language.
      const shown = ops
        .filter((o) => !o.d || o === current)
        .map((o) => ({ o: o, text: opLabel(node._def, o) }))
        .sort((a, b) => a.text.localeCompare(b.text));
      [
        ['common.group.search', (x) => /search/i.test(x.o.m)],
        ['common.group.other', (x) => !/search/i.test(x.o.m)],
      ].forEach((g) => {
        const items = shown.filter(g[1]);
        if (!items.length) return;
        const group = $('<optgroup>').attr('label', c(g[0])).appendTo(select);
        items.forEach((x) => $('<option>').val(x.o.m).text(x.text).appendTo(group));
      });
      if (node.operation && !current)
        $('<option>')
          .val(node.operation)
          .text(node.operation + ' [' + c('common.notListed') + ']')
          .appendTo(select);
      select.val(current ? current.m : node.operation || select.find('option').first().val() || '');
      select.on('change', function () {
        renderParams(node, ops, $(this).val());
      });
      renderParams(node, ops, select.val());
      watchEstimate(() => !!findOp(ops, select.val())?.pg);
    },
    watchEstimate,
    columnsInput,
    save: (node) => {
      const params = Object.assign({}, $('#justoneapi-params').data('kept') || {});
      $('#justoneapi-params input[data-param]').each(function () {
        const input = $(this);
        params[input.attr('data-param')] = { t: input.typedInput('type'), v: input.typedInput('value') };
      });
      node.params = params;
      node.acknowledge = $('#justoneapi-highlights input[data-ack]:checked')
        .map(function () {
          return $(this).attr('data-ack');
        })
        .get();
    },
  };
})();
