// The settings page. Everything it shows comes from the JSON API of the same server; text is
// always put in with textContent, never parsed as HTML. Keys go from the page to the server only.
'use strict';

(function () {
  const csrf = document.querySelector('meta[name="creor-csrf"]').content;
  const CATALOG_PROVIDER = 'openrouter';
  const state = { catalog: [], ticked: [], catalogIds: new Set() };

  // ------------------------------------------------------------ helpers

  class ApiError extends Error {
    constructor(status, body) {
      const error = (body && body.error) || {};
      super(error.message || ('The server answered ' + status + '.'));
      this.hint = error.hint || '';
      this.snippet = error.snippet || '';
      this.body = body;
    }
  }

  async function api(method, path, body) {
    const options = { method, headers: { 'X-Creor-CSRF': csrf }, credentials: 'same-origin', cache: 'no-store' };
    if (body !== undefined) {
      options.headers['Content-Type'] = 'application/json';
      options.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(path, options);
    } catch (e) {
      throw new ApiError(0, { error: { message: 'The settings server cannot be reached. Is `creor settings` still running?' } });
    }
    let json = null;
    try { json = await response.json(); } catch (e) { json = null; }
    if (!response.ok) {
      throw new ApiError(response.status, json);
    }
    return json;
  }

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === false || value === null || value === undefined) continue;
      if (name === 'class') node.className = value;
      else if (name === 'text') node.textContent = value;
      else node.setAttribute(name, value === true ? '' : value);
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function show(node, message, kind, hint) {
    node.textContent = message + (hint ? ' (' + hint + ')' : '');
    node.className = 'message' + (kind ? ' ' + kind : '');
  }

  function showError(node, error) {
    show(node, error.message, 'bad', error.hint);
  }

  function fillWarnings(list, warnings) {
    list.replaceChildren(...(warnings || []).map((warning) => el('li', { text: warning })));
  }

  function money(amount) {
    return amount === null || amount === undefined ? null : '$' + amount;
  }

  function facts(pairs) {
    const list = el('dl', { class: 'facts' });
    for (const [term, value, cls] of pairs) {
      if (value === null || value === undefined || value === '') continue;
      list.append(el('dt', { text: term }), el('dd', { text: value, class: cls || null }));
    }
    return list;
  }

  function busy(button, running) {
    button.disabled = running;
    button.setAttribute('aria-busy', running ? 'true' : 'false');
  }

  // ------------------------------------------------------------ providers

  async function loadProviders() {
    const list = document.getElementById('provider-list');
    try {
      const overview = await api('GET', '/api/providers');
      document.getElementById('store-location').textContent = overview.storeLocation;
      fillWarnings(document.getElementById('store-warnings'), overview.warnings);
      list.replaceChildren(...overview.providers.map(providerCard));
      if (overview.providers.length === 0) {
        list.append(el('p', { class: 'hint', text: 'No provider is installed.' }));
      }
      document.getElementById(CATALOG_PROVIDER).hidden =
        !overview.providers.some((provider) => provider.id === CATALOG_PROVIDER && provider.installed);
    } catch (error) {
      list.replaceChildren(el('p', { class: 'error', text: error.message }));
    } finally {
      list.setAttribute('aria-busy', 'false');
    }
  }

  function badge(provider) {
    if (provider.maskedKey) return el('span', { class: 'badge ok', text: 'key set' });
    if (!provider.keyRequired) return el('span', { class: 'badge none', text: 'no key needed' });
    return el('span', { class: 'badge missing', text: 'no key' });
  }

  function providerCard(provider) {
    const id = provider.id;
    const card = el('article', { class: 'provider', id: 'provider-' + id, 'data-provider': id,
      'aria-labelledby': 'provider-title-' + id });
    const message = el('p', { class: 'message', role: 'status', 'aria-live': 'polite' });
    const info = el('div', { class: 'key-info', 'aria-live': 'polite' });
    const title = el('h3', { id: 'provider-title-' + id }, provider.displayName, ' ', badge(provider));
    const sourceText = provider.source.kind === 'none'
      ? (provider.environmentVariables.length
          ? 'none: save a key below, or set ' + provider.environmentVariables.join(' or ')
          : 'none')
      : provider.source.description;
    card.append(title, facts([
      ['Key in effect', provider.maskedKey, 'mono masked-key'],
      ['Source', sourceText, 'source'],
      ['Provider id', id, 'mono'],
    ]));
    const warnings = el('ul', { class: 'warnings' });
    fillWarnings(warnings, provider.warnings);
    card.append(warnings);

    if (provider.installed) {
      const input = el('input', { type: 'password', id: 'key-' + id, name: 'key', autocomplete: 'off',
        spellcheck: 'false', 'aria-describedby': 'key-help-' + id });
      const verifyFirst = el('input', { type: 'checkbox', id: 'verify-first-' + id, checked: provider.canVerify });
      if (!provider.canVerify) verifyFirst.disabled = true;
      const save = el('button', { type: 'submit', class: 'save-key', text: provider.keyStored ? 'Replace key' : 'Save key' });
      const form = el('form', { class: 'key-form', novalidate: true },
        el('div', { class: 'row' },
          el('label', { for: 'key-' + id, text: (provider.keyStored ? 'Replace the stored key' : 'Enter a key') + ' for ' + provider.displayName }),
          input),
        save);
      const help = el('p', { id: 'key-help-' + id, class: 'hint', text: 'Pasted keys are not shown. The key is saved as `creor auth login ' + id + '` would.' });
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        busy(save, true);
        show(message, provider.canVerify && verifyFirst.checked ? 'Checking the key with ' + provider.displayName + '…' : 'Saving…');
        try {
          const result = await api('POST', '/api/providers/' + id + '/key', { key: input.value, verify: verifyFirst.checked });
          input.value = '';
          const refreshed = providerCard(result.provider);
          card.replaceWith(refreshed);
          const refreshedMessage = refreshed.querySelector('.message');
          show(refreshedMessage, 'Saved ' + result.maskedKey + ' (' + result.verification.description + ').', 'ok');
          if (result.verification.info) refreshed.querySelector('.key-info').replaceChildren(keyFacts(result.verification.info));
          fillWarnings(refreshed.querySelector('ul.warnings'), result.provider.warnings.concat(result.warnings));
          loadAgents();
        } catch (error) {
          showError(message, error);
          input.focus();
        } finally {
          busy(save, false);
        }
      });
      const verifyChoice = el('label', { class: 'check' }, verifyFirst,
        'Check the key with ' + provider.displayName + ' before saving' + (provider.canVerify ? '' : ' (not offered)'));
      if (provider.keyRequired || provider.keyStored) {
        card.append(form, help, verifyChoice);
      } else {
        card.append(el('details', {}, el('summary', { text: provider.displayName + ' works without a key; set one anyway' }),
          form, help, verifyChoice));
      }
    }

    const buttons = el('div', { class: 'buttons' });
    if (provider.canVerify) {
      const verify = el('button', { type: 'button', class: 'secondary verify-key', text: 'Verify key',
        disabled: !provider.maskedKey });
      verify.addEventListener('click', async () => {
        busy(verify, true);
        show(message, 'Asking ' + provider.displayName + ' about ' + provider.maskedKey + '…');
        try {
          const check = await api('POST', '/api/providers/' + id + '/key/verify', {});
          info.replaceChildren(keyFacts(check.info));
          show(message, provider.displayName + ' accepts ' + check.maskedKey + ' (' + check.source.description + ').', 'ok');
        } catch (error) {
          info.replaceChildren();
          showError(message, error);
        } finally {
          busy(verify, !provider.maskedKey);
        }
      });
      buttons.append(verify);
    }
    if (provider.keyStored) {
      const remove = el('button', { type: 'button', class: 'danger remove-key', text: 'Remove stored key' });
      remove.addEventListener('click', async () => {
        busy(remove, true);
        try {
          const result = await api('POST', '/api/providers/' + id + '/key/remove', {});
          const refreshed = providerCard(result.provider);
          card.replaceWith(refreshed);
          show(refreshed.querySelector('.message'), result.messages.join(' '), 'ok');
          loadAgents();
        } catch (error) {
          showError(message, error);
          busy(remove, false);
        }
      });
      buttons.append(remove);
    }
    card.append(buttons, info, message);
    return card;
  }

  function keyFacts(keyInfo) {
    return facts([
      ['Label', keyInfo.label, 'key-label'],
      ['Limit', keyInfo.limit === null ? 'no limit' : money(keyInfo.limit) + (keyInfo.limitReset ? ' (' + keyInfo.limitReset + ')' : ''), 'key-limit'],
      ['Remaining', money(keyInfo.limitRemaining), 'key-remaining'],
      ['Usage', money(keyInfo.usage), 'key-usage'],
      ['Free tier', keyInfo.freeTier ? 'yes' : null],
      ['Expires', keyInfo.expiresAt],
    ]);
  }

  // ------------------------------------------------------------ OpenRouter: models, whitelist, timeout

  async function loadPreferences() {
    const message = document.getElementById('preferences-message');
    try {
      const [preferences, catalog] = await Promise.all([
        api('GET', '/api/providers/' + CATALOG_PROVIDER + '/preferences'),
        api('GET', '/api/providers/' + CATALOG_PROVIDER + '/models').catch((error) => {
          show(message, 'The model list could not be loaded: ' + error.message, 'bad');
          return { models: [], total: 0 };
        }),
      ]);
      state.catalog = catalog.models;
      state.catalogIds = new Set(catalog.models.map((model) => model.id));
      state.ticked = preferences.whitelist.filter((entry) => state.catalogIds.has(entry));
      document.getElementById('patterns').value =
        preferences.whitelist.filter((entry) => !state.catalogIds.has(entry)).join('\n');
      document.getElementById('config-file').textContent = preferences.file;
      fillWarnings(document.getElementById('preference-notes'), preferences.notes);
      const timeout = document.getElementById('timeout');
      const noLimit = document.getElementById('no-timeout');
      noLimit.checked = preferences.timeout === false;
      timeout.value = typeof preferences.timeout === 'number' ? String(preferences.timeout) : '';
      timeout.disabled = noLimit.checked;
      renderModels(state.catalog);
    } catch (error) {
      if (error.body && error.body.error && error.body.error.code === 'USAGE') {
        document.getElementById(CATALOG_PROVIDER).hidden = true;
        return;
      }
      showError(message, error);
    }
  }

  function renderModels(models) {
    const list = document.getElementById('model-list');
    document.getElementById('model-count').textContent =
      models.length + ' of ' + state.catalog.length + ' models shown, ' + state.ticked.length + ' ticked';
    list.replaceChildren(...models.map((model) => {
      const box = el('input', { type: 'checkbox', value: model.id, checked: state.ticked.includes(model.id) });
      box.addEventListener('change', () => {
        if (box.checked && !state.ticked.includes(model.id)) state.ticked.push(model.id);
        if (!box.checked) state.ticked = state.ticked.filter((id) => id !== model.id);
        document.getElementById('model-count').textContent =
          models.length + ' of ' + state.catalog.length + ' models shown, ' + state.ticked.length + ' ticked';
      });
      const prices = model.inputPricePerMillion === null ? '' :
        '$' + model.inputPricePerMillion + ' / $' + model.outputPricePerMillion + ' per M tokens';
      const context = model.contextLength ? Math.round(model.contextLength / 1000) + 'k context' : '';
      return el('label', { class: 'model', 'data-model': model.id },
        box,
        el('span', { class: 'id mono', text: model.id }),
        el('span', { class: 'meta', text: [context, prices].filter(Boolean).join(' · ') }),
        el('span', { class: 'name', text: model.name }));
    }));
  }

  let searchTimer = null;
  let searchSequence = 0;
  function onSearch() {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(async () => {
      const query = document.getElementById('model-search').value;
      const sequence = ++searchSequence;
      try {
        const result = await api('GET', '/api/providers/' + CATALOG_PROVIDER + '/models?q=' + encodeURIComponent(query));
        if (sequence === searchSequence) renderModels(result.models);
      } catch (error) {
        showError(document.getElementById('preferences-message'), error);
      }
    }, 150);
  }

  async function savePreferences(event) {
    event.preventDefault();
    const message = document.getElementById('preferences-message');
    const snippet = document.getElementById('preferences-snippet');
    const button = document.getElementById('save-preferences');
    snippet.hidden = true;
    const patterns = document.getElementById('patterns').value.split(/[\n,]/).map((entry) => entry.trim()).filter(Boolean);
    const noLimit = document.getElementById('no-timeout').checked;
    const body = {
      whitelist: state.ticked.concat(patterns),
      timeout: noLimit ? false : document.getElementById('timeout').value.trim(),
    };
    busy(button, true);
    try {
      const result = await api('POST', '/api/providers/' + CATALOG_PROVIDER + '/preferences', body);
      show(message, result.unchanged ? 'Nothing to change in ' + result.file + '.' : 'Saved to ' + result.file + '.', 'ok');
      fillWarnings(document.getElementById('preference-notes'), result.warnings);
      loadAgents();
    } catch (error) {
      showError(message, error);
      if (error.snippet) {
        snippet.textContent = error.snippet;
        snippet.hidden = false;
      }
    } finally {
      busy(button, false);
    }
  }

  // ------------------------------------------------------------ agents

  async function loadAgents() {
    const body = document.querySelector('#agent-table tbody');
    const message = document.getElementById('agents-message');
    try {
      const overview = await api('GET', '/api/agents');
      fillWarnings(document.getElementById('agent-warnings'), overview.warnings);
      body.replaceChildren(...overview.agents.flatMap((agent) => [agentRow(agent, overview.allowedModels), agentOptionsRow(agent)]));
    } catch (error) {
      showError(message, error);
    }
  }

  function agentRow(agent, allowedModels) {
    const selectId = 'agent-model-' + agent.name;
    const select = el('select', { id: selectId, 'aria-label': 'New model for ' + agent.name });
    const choices = allowedModels.includes(agent.model) ? allowedModels : [agent.model].concat(allowedModels);
    for (const model of choices) {
      select.append(el('option', { value: model, text: model, selected: model === agent.model }));
    }
    const save = el('button', { type: 'button', class: 'secondary', text: 'Use' });
    save.addEventListener('click', async () => {
      const message = document.getElementById('agents-message');
      const snippet = document.getElementById('agents-snippet');
      snippet.hidden = true;
      busy(save, true);
      try {
        const result = await api('POST', '/api/agents/' + encodeURIComponent(agent.name) + '/model', { model: select.value });
        show(message, agent.name + ' now uses ' + select.value + ' (saved to ' + result.file + ').', 'ok');
        fillWarnings(document.getElementById('agent-warnings'), result.warnings);
        const warnings = result.warnings;
        await loadAgents();
        fillWarnings(document.getElementById('agent-warnings'), warnings);
      } catch (error) {
        showError(message, error);
        if (error.snippet) {
          snippet.textContent = error.snippet;
          snippet.hidden = false;
        }
      } finally {
        busy(save, false);
      }
    });
    return el('tr', { 'data-agent': agent.name },
      el('th', { scope: 'row' }, el('span', { text: agent.name }),
        agent.description ? el('div', { class: 'hint', text: agent.description }) : null),
      el('td', { class: 'mono agent-model', text: agent.model }),
      el('td', { class: 'agent-source', text: agent.decidedBy }),
      el('td', {}, el('div', { class: 'agent-change' }, select, save)));
  }

  // ------------------------------------------------------------ an agent's request options

  const EFFORTS = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh'];

  // What was typed, as the JSON value the server's schema check judges: a number when it reads as
  // one, else the text itself (refused there with the schema's message), null when empty.
  function typed(text) {
    const trimmed = text.trim();
    if (trimmed === '') return null;
    return /^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$/.test(trimmed) ? Number(trimmed) : trimmed;
  }

  function shown(value) {
    return value === undefined || value === null ? '' : String(value);
  }

  function agentOptionsRow(agent) {
    const details = el('details', { class: 'agent-options', 'data-agent-options': agent.name },
      el('summary', { text: 'Request options of ' + agent.name }));
    let loaded = false;
    details.addEventListener('toggle', () => {
      if (details.open && !loaded) {
        loaded = true;
        loadAgentOptions(agent.name, details);
      }
    });
    return el('tr', { class: 'agent-options-row' }, el('td', { colspan: '4' }, details));
  }

  async function loadAgentOptions(name, details) {
    const holder = details.querySelector('.agent-options-body') || el('div', { class: 'agent-options-body' });
    details.append(holder);
    try {
      const options = await api('GET', '/api/agents/' + encodeURIComponent(name) + '/options');
      holder.replaceChildren(agentOptionsForm(name, options));
    } catch (error) {
      holder.replaceChildren(el('p', { class: 'error', text: error.message }));
    }
  }

  function agentOptionsForm(name, options) {
    const values = options.values || {};
    const reasoning = values.reasoning || {};
    const id = (what) => 'agent-' + what + '-' + name;
    const field = (what, label, input) => el('div', { class: 'row' }, el('label', { for: id(what), text: label }), input);
    const temperature = el('input', { id: id('temperature'), type: 'text', inputmode: 'decimal', autocomplete: 'off',
      placeholder: "the model's", value: shown(values.temperature) });
    const maxTokens = el('input', { id: id('max-tokens'), type: 'text', inputmode: 'numeric', autocomplete: 'off',
      placeholder: "the model's", value: shown(values.maxTokens) });
    const effort = el('select', { id: id('reasoning-effort') },
      el('option', { value: '', text: "the model's", selected: reasoning.effort === undefined }),
      ...EFFORTS.map((level) => el('option', { value: level, text: level, selected: reasoning.effort === level })));
    const budget = el('input', { id: id('reasoning-tokens'), type: 'text', inputmode: 'numeric', autocomplete: 'off',
      placeholder: 'none', value: shown(reasoning.maxTokens) });
    const exclude = el('input', { id: id('reasoning-exclude'), type: 'checkbox', checked: reasoning.exclude === true });
    const caching = el('select', { id: id('caching') },
      el('option', { value: '', text: "the model's", selected: values.caching === undefined }),
      el('option', { value: 'auto', text: 'auto: place cache breakpoints where they pay off', selected: values.caching === 'auto' }),
      el('option', { value: 'none', text: 'none', selected: values.caching === 'none' }));
    const save = el('button', { type: 'submit', id: id('save-options'), class: 'secondary save-agent-options',
      text: 'Save options of ' + name });
    const message = el('p', { class: 'message', role: 'status', 'aria-live': 'polite' });
    const snippet = el('pre', { class: 'snippet', hidden: true });
    const notes = el('ul', { class: 'warnings' });
    fillWarnings(notes, options.notes);
    const readOnly = el('ul', { class: 'read-only' });
    fillWarnings(readOnly, options.readOnly);
    const form = el('form', { class: 'agent-options-form', novalidate: true },
      notes,
      field('temperature', 'Temperature (0 to 2)', temperature),
      field('max-tokens', 'Most tokens per answer', maxTokens),
      el('fieldset', {}, el('legend', { text: 'Reasoning' }),
        el('p', { class: 'hint', text: 'An effort or a token budget, not both.' }),
        field('reasoning-effort', 'Effort', effort),
        field('reasoning-tokens', 'Token budget', budget),
        el('label', { class: 'check' }, exclude, 'Reason without returning the reasoning')),
      field('caching', 'Prompt caching', caching),
      el('p', { class: 'hint read-only-reason', text: 'Routing preferences and headers are not edited here: ' + options.readOnlyReason + '.' }),
      readOnly,
      el('div', { class: 'actions' }, save),
      message, snippet);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      snippet.hidden = true;
      const wanted = {};
      if (effort.value) wanted.effort = effort.value;
      if (typed(budget.value) !== null) wanted.maxTokens = typed(budget.value);
      if (exclude.checked) wanted.exclude = true;
      const body = {
        temperature: typed(temperature.value),
        maxTokens: typed(maxTokens.value),
        reasoning: Object.keys(wanted).length ? wanted : null,
        caching: caching.value || null,
      };
      busy(save, true);
      try {
        const result = await api('POST', '/api/agents/' + encodeURIComponent(name) + '/options', body);
        show(message, result.unchanged ? 'Nothing to change in ' + result.file + '.' : 'Saved to ' + result.file + '.', 'ok');
        fillWarnings(notes, result.warnings);
      } catch (error) {
        showError(message, error);
        if (error.snippet) {
          snippet.textContent = error.snippet;
          snippet.hidden = false;
        }
      } finally {
        busy(save, false);
      }
    });
    return form;
  }

  // ------------------------------------------------------------ start

  document.addEventListener('DOMContentLoaded', () => {
    document.getElementById('model-search').addEventListener('input', onSearch);
    document.getElementById('preferences-form').addEventListener('submit', savePreferences);
    document.getElementById('no-timeout').addEventListener('change', (event) => {
      document.getElementById('timeout').disabled = event.target.checked;
    });
    loadProviders().then(() => {
      if (!document.getElementById(CATALOG_PROVIDER).hidden) loadPreferences();
    });
    loadAgents();
  });
})();
