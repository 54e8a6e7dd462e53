// The operations dashboard (/ioc): the province's indicators as charts. Served by the gateway as
// /ioc/assets/dashboard.js after Apache ECharts' bundle (global `echarts`). Plain browser JavaScript, no build step;
// the page's Content-Security-Policy forbids inline scripts and styles, so the settings come from a JSON data block
// and every element is built through the DOM (no innerHTML).
//
// Disclosure control is the gateway's (docs/ARCHITECTURE.md §15): a suppressed cell arrives as value null,
// suppressed true, and is shown as suppressed (a marker and a legend entry, "suppressed" in the tables), never as
// zero, and never summed: the page computes no total the gateway did not release.
(function () {
  'use strict';

  // The browser's and the bundle's globals, named once (this file is linted without a browser environment).
  var window = globalThis;
  var document = globalThis.document;
  var fetch = globalThis.fetch.bind(globalThis);
  var echarts = globalThis.echarts;
  var sessionStorage = globalThis.sessionStorage;
  var localStorage = globalThis.localStorage;
  var Intl = globalThis.Intl;

  var TOKEN_KEY = 'lienthong.ioc.token';
  var LANGUAGE_KEY = 'lienthong.ioc.language';
  var MAX_SERIES = 8;

  var app = document.getElementById('app');

  function element(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      var value = attributes[name];
      if (value === undefined || value === null || value === false) return;
      if (name === 'text') node.textContent = value;
      else if (name === 'className') node.className = value;
      else if (name.slice(0, 2) === 'on') node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? '' : String(value));
    });
    (children || []).forEach(function (child) {
      if (child === undefined || child === null) return;
      node.append(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  var config;
  try {
    config = JSON.parse(document.getElementById('ioc-config').textContent);
  } catch (error) {
    app.replaceChildren(element('p', { className: 'message error', text: 'Configuration unreadable: ' + error }));
    return;
  }
  if (!echarts) {
    app.replaceChildren(
      element('p', {
        className: 'message error',
        text: 'Không tải được thư viện biểu đồ. · The chart library did not load. Reload the page.',
      }),
    );
    return;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Texts

  var TEXTS = {
    vi: {
      title: 'Trung tâm Điều hành thông minh',
      subtitle: 'Chỉ số của tỉnh, có kiểm soát công bố thống kê',
      otherLanguage: 'English',
      otherLanguageLabel: 'Switch to English',
      tokenLabel: 'Mã truy cập (token)',
      tokenPlaceholder: 'Dán token có quyền stats:read',
      tokenHint: 'Lấy token: ',
      load: 'Tải chỉ số',
      refresh: 'Làm mới',
      forget: 'Xoá token',
      tokenSaved: 'Token được giữ trong phiên của thẻ này (sessionStorage), không bao giờ trong URL.',
      signedIn: 'Token: ',
      expires: 'hết hạn ',
      noToken: 'Dán token để xem các chỉ số.',
      loading: 'Đang tải các chỉ số…',
      loaded: 'Đã tải {n} chỉ số.',
      sectorsNav: 'Lĩnh vực',
      overview: 'Tổng quan',
      population: 'Dân cư',
      residence: 'Cư trú',
      health: 'Y tế',
      tourism: 'Du lịch',
      land: 'Đất đai',
      unit: 'Đơn vị',
      asOf: 'Số liệu tính lúc',
      sources: 'Nguồn',
      source: 'Nguồn',
      lastChanged: 'Cập nhật lần cuối',
      status: 'Trạng thái',
      stale: 'cũ',
      fresh: 'mới',
      never: 'chưa ghi nhận',
      freshnessTitle: 'Độ mới của các nguồn',
      indicatorsTitle: 'Các chỉ số',
      indicator: 'Chỉ số',
      sector: 'Lĩnh vực',
      cells: 'Ô',
      suppressedCells: 'Ô bị ẩn',
      suppressed: 'bị ẩn',
      suppressedLegend: 'Bị ẩn (kiểm soát công bố)',
      suppressedNote:
        '{n} ô bị ẩn: dưới ngưỡng số người tối thiểu, hoặc ẩn kèm để không suy ra được ô khác. Không phải số 0.',
      noSuppressed: 'Không có ô nào bị ẩn.',
      table: 'Bảng số liệu',
      value: 'Giá trị',
      seriesLimited: 'Hiển thị {shown} trong {total} chuỗi (lớn nhất).',
      noData: 'Chưa có số liệu.',
      chartLabel: 'Biểu đồ: {title}. Số liệu chi tiết trong bảng bên dưới.',
      error401: 'Token bị từ chối (401): hết hạn, sai định dạng hoặc ký bằng khoá khác. Lấy token mới.',
      error403: 'Token không có quyền đọc thống kê (403: cần stats:read).',
      errorNetwork: 'Không kết nối được với cổng dữ liệu. Kiểm tra mạng rồi thử lại.',
      errorOther: 'Cổng dữ liệu trả lời lỗi',
      errorNoAccess: 'Token này không đọc được các chỉ số (cần stats:read).',
      all: 'tất cả',
      total: 'Tổng',
      dimension: {
        month: 'Tháng',
        commune: 'Xã/phường',
        age_group: 'Nhóm tuổi',
        sex: 'Giới tính',
        event: 'Sự kiện',
        icd_chapter: 'Chương ICD-10',
        facility: 'Cơ sở',
        vaccine: 'Vắc-xin',
        type: 'Loại',
        guest_type: 'Loại khách',
        statistic: 'Thống kê',
      },
    },
    en: {
      title: 'Smart Operations Center',
      subtitle: 'Province indicators under statistical disclosure control',
      otherLanguage: 'Tiếng Việt',
      otherLanguageLabel: 'Chuyển sang tiếng Việt',
      tokenLabel: 'Access token',
      tokenPlaceholder: 'Paste a token with stats:read',
      tokenHint: 'Get a token: ',
      load: 'Load indicators',
      refresh: 'Refresh',
      forget: 'Forget token',
      tokenSaved: "The token is kept in this tab's session (sessionStorage), never in the URL.",
      signedIn: 'Token: ',
      expires: 'expires ',
      noToken: 'Paste a token to see the indicators.',
      loading: 'Loading the indicators…',
      loaded: 'Loaded {n} indicators.',
      sectorsNav: 'Sectors',
      overview: 'Overview',
      population: 'Population',
      residence: 'Residence',
      health: 'Health',
      tourism: 'Tourism',
      land: 'Land',
      unit: 'Unit',
      asOf: 'Computed at',
      sources: 'Sources',
      source: 'Source',
      lastChanged: 'Last change',
      status: 'Status',
      stale: 'stale',
      fresh: 'fresh',
      never: 'none recorded',
      freshnessTitle: 'Freshness of the sources',
      indicatorsTitle: 'Indicators',
      indicator: 'Indicator',
      sector: 'Sector',
      cells: 'Cells',
      suppressedCells: 'Suppressed cells',
      suppressed: 'suppressed',
      suppressedLegend: 'Suppressed (disclosure control)',
      suppressedNote:
        '{n} cells suppressed: too few persons, or withheld with such a cell so that it cannot be recovered. Not zero.',
      noSuppressed: 'No cell is suppressed.',
      table: 'Data table',
      value: 'Value',
      seriesLimited: 'Showing {shown} of {total} series (the largest).',
      noData: 'No data yet.',
      chartLabel: 'Chart: {title}. The figures are in the data table below.',
      error401: 'The token was refused (401): expired, malformed or signed by another key. Get a new one.',
      error403: 'This token may not read statistics (403: stats:read is needed).',
      errorNetwork: 'The gateway could not be reached. Check the network and try again.',
      errorOther: 'The gateway answered with an error',
      errorNoAccess: 'This token cannot read the indicators (stats:read is needed).',
      all: 'all',
      total: 'Total',
      dimension: {
        month: 'Month',
        commune: 'Commune',
        age_group: 'Age group',
        sex: 'Sex',
        event: 'Event',
        icd_chapter: 'ICD-10 chapter',
        facility: 'Facility',
        vaccine: 'Vaccine',
        type: 'Type',
        guest_type: 'Guest type',
        statistic: 'Statistic',
      },
    },
  };

  var SECTORS = ['population', 'residence', 'health', 'tourism', 'land'];
  var PAGES = ['overview'].concat(SECTORS);

  var state = {
    language: readLanguage(),
    page: pageFromHash(),
    token: readToken(),
    indicators: undefined, // the last answer, [Indicator]
    error: undefined, // { text, detail }
    loading: false,
    charts: [], // echarts instances on the current page
    selections: {}, // indicator id -> { dimension -> value } for the dimensions beyond the chart's two
  };

  function t(key) {
    var text = TEXTS[state.language][key];
    return text === undefined ? key : text;
  }

  function format(key, values) {
    return t(key).replace(/\{(\w+)\}/g, function (_, name) {
      return String(values[name]);
    });
  }

  function dimensionLabel(name) {
    var label = TEXTS[state.language].dimension[name];
    return label === undefined ? name.replace(/_/g, ' ') : label;
  }

  function readLanguage() {
    try {
      var stored = localStorage.getItem(LANGUAGE_KEY);
      return stored === 'en' ? 'en' : 'vi';
    } catch {
      return 'vi';
    }
  }

  function readToken() {
    try {
      return sessionStorage.getItem(TOKEN_KEY) || '';
    } catch {
      return '';
    }
  }

  function storeToken(token) {
    try {
      if (token) sessionStorage.setItem(TOKEN_KEY, token);
      else sessionStorage.removeItem(TOKEN_KEY);
    } catch {
      // Storage disabled: the token lives in this page only.
    }
  }

  function pageFromHash() {
    var name = window.location.hash.replace(/^#/, '');
    return PAGES.indexOf(name) === -1 ? 'overview' : name;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Formatting

  function locale() {
    return state.language === 'vi' ? 'vi-VN' : 'en-GB';
  }

  function formatValue(value, kind) {
    if (value === null || value === undefined) return '';
    if (kind === 'SHARE') {
      return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1 }).format(value);
    }
    return new Intl.NumberFormat(locale(), { maximumFractionDigits: kind === 'DURATION' ? 1 : 0 }).format(value);
  }

  function formatTime(iso) {
    if (!iso) return t('never');
    var date = new Date(iso);
    if (Number.isNaN(date.getTime())) return iso;
    return date.toLocaleString(locale(), {
      timeZone: 'Asia/Ho_Chi_Minh',
      dateStyle: 'medium',
      timeStyle: 'short',
    });
  }

  function sectorOf(indicator) {
    return indicator.id.split('.')[0];
  }

  function titleOf(indicator) {
    return indicator.title[state.language] || indicator.title.vi || indicator.id;
  }

  function otherTitleOf(indicator) {
    return indicator.title[state.language === 'vi' ? 'en' : 'vi'];
  }

  /** A token's claims, decoded for display only (the gateway verifies it). */
  function claimsOf(token) {
    try {
      var payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      var json = decodeURIComponent(
        Array.prototype.map
          .call(window.atob(payload), function (c) {
            return '%' + ('00' + c.charCodeAt(0).toString(16)).slice(-2);
          })
          .join(''),
      );
      return JSON.parse(json);
    } catch {
      return undefined;
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The API

  var QUERY =
    'query IocDashboard { indicators { id title { vi en } unit kind dimensions asOf ' +
    'sources { source lastChangedAt stale } cells { key value suppressed } } }';

  async function loadIndicators() {
    if (!state.token) return;
    state.loading = true;
    state.error = undefined;
    render();
    var response;
    try {
      response = await fetch(config.graphqlPath, {
        method: 'POST',
        headers: {
          accept: 'application/graphql-response+json, application/json',
          'content-type': 'application/json',
          authorization: 'Bearer ' + state.token,
          // The gateway uses Apollo Server's CSRF prevention; this header marks the request as not a "simple" one.
          'apollo-require-preflight': 'true',
        },
        body: JSON.stringify({ query: QUERY, operationName: 'IocDashboard' }),
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch (error) {
      finishWithError({ text: t('errorNetwork'), detail: String(error && error.message ? error.message : error) });
      return;
    }
    var body;
    try {
      body = await response.json();
    } catch {
      body = undefined;
    }
    var firstError = body && Array.isArray(body.errors) && body.errors[0] ? body.errors[0] : undefined;
    var detail = firstError
      ? (firstError.extensions && firstError.extensions.code ? firstError.extensions.code + ': ' : '') +
        firstError.message
      : 'HTTP ' + response.status;
    if (response.status === 401) return finishWithError({ text: t('error401'), detail: detail, status: 401 });
    if (response.status === 403) return finishWithError({ text: t('error403'), detail: detail, status: 403 });
    if (!response.ok || !body || !body.data || !Array.isArray(body.data.indicators)) {
      var code = firstError && firstError.extensions ? firstError.extensions.code : undefined;
      // In AUTHZ_MODE=filter a field the token may not read is answered 200 with this error, not 403.
      var noAccess = code === 'FORBIDDEN' || code === 'UNAUTHORIZED_FIELD_OR_TYPE';
      var text = noAccess ? t('errorNoAccess') : t('errorOther') + ' (' + response.status + ').';
      return finishWithError({ text: text, detail: detail, status: response.status });
    }
    state.loading = false;
    state.indicators = body.data.indicators;
    state.loadedAt = new Date();
    render();
  }

  function finishWithError(error) {
    state.loading = false;
    state.error = error;
    // Figures of an earlier token are not left on screen under an error about this one.
    state.indicators = undefined;
    render();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Rendering

  function disposeCharts() {
    state.charts.forEach(function (chart) {
      chart.dispose();
    });
    state.charts = [];
  }

  function render() {
    var focusedId = document.activeElement && document.activeElement.id;
    disposeCharts();
    document.documentElement.lang = state.language;
    document.title = t('title') + ' · lienthong';
    app.replaceChildren(renderHeader(), renderTokenForm(), renderStatus(), renderNav(), renderMain());
    state.pendingCharts.forEach(function (draw) {
      draw();
    });
    state.pendingCharts = [];
    if (focusedId) {
      var again = document.getElementById(focusedId);
      if (again) again.focus();
    }
  }
  state.pendingCharts = [];

  function renderHeader() {
    return element('header', { className: 'top' }, [
      element('div', {}, [
        element('h1', { text: t('title') }),
        element('p', { className: 'subtitle', text: t('subtitle') }),
      ]),
      element('button', {
        type: 'button',
        id: 'language-toggle',
        className: 'secondary',
        lang: state.language === 'vi' ? 'en' : 'vi',
        'aria-label': t('otherLanguageLabel'),
        text: t('otherLanguage'),
        onclick: function () {
          state.language = state.language === 'vi' ? 'en' : 'vi';
          try {
            localStorage.setItem(LANGUAGE_KEY, state.language);
          } catch {
            // Not remembered: the default applies next time.
          }
          render();
        },
      }),
    ]);
  }

  function renderTokenForm() {
    var input = element('input', {
      id: 'token-input',
      name: 'token',
      type: 'password',
      autocomplete: 'off',
      spellcheck: 'false',
      placeholder: t('tokenPlaceholder'),
      'aria-describedby': 'token-help',
    });
    var claims = state.token ? claimsOf(state.token) : undefined;
    var who = claims
      ? t('signedIn') +
        [claims.sub, claims.org].filter(Boolean).join(' · ') +
        (claims.exp ? ', ' + t('expires') + formatTime(new Date(claims.exp * 1000).toISOString()) : '')
      : undefined;
    return element(
      'form',
      {
        id: 'token-form',
        className: 'token-form',
        'aria-label': t('tokenLabel'),
        onsubmit: function (event) {
          event.preventDefault();
          var value = input.value.trim().replace(/^Bearer\s+/i, '');
          if (!value) return;
          state.token = value;
          storeToken(value);
          void loadIndicators();
        },
      },
      [
        element('label', { for: 'token-input', text: t('tokenLabel') }),
        element('div', { className: 'token-row' }, [
          input,
          element('button', { type: 'submit', id: 'token-submit', text: t('load') }),
          element('button', {
            type: 'button',
            id: 'refresh',
            className: 'secondary',
            disabled: !state.token || state.loading,
            text: t('refresh'),
            onclick: function () {
              void loadIndicators();
            },
          }),
          element('button', {
            type: 'button',
            id: 'forget-token',
            className: 'secondary',
            disabled: !state.token,
            text: t('forget'),
            onclick: function () {
              state.token = '';
              state.indicators = undefined;
              state.error = undefined;
              storeToken('');
              render();
            },
          }),
        ]),
        element('p', { id: 'token-help', className: 'hint' }, [
          t('tokenHint'),
          element('code', { text: config.tokenHint }),
          '. ' + t('tokenSaved'),
        ]),
        who ? element('p', { className: 'hint', id: 'token-who', text: who }) : null,
      ],
    );
  }

  function renderStatus() {
    var status;
    if (state.loading) status = t('loading');
    else if (!state.token) status = t('noToken');
    else if (state.indicators) status = format('loaded', { n: state.indicators.length });
    var children = [element('p', { id: 'status', role: 'status', className: 'status', text: status || '' })];
    children.push(
      element(
        'div',
        { id: 'error', role: 'alert', className: state.error ? 'error-box' : 'error-box empty' },
        state.error
          ? [
              element('p', { className: 'error-text', text: state.error.text }),
              element('p', { className: 'error-detail', text: state.error.detail }),
              state.error.status === 401 ? element('p', {}, [element('code', { text: config.tokenHint })]) : null,
            ]
          : [],
      ),
    );
    return element('div', { className: 'status-area' }, children);
  }

  function renderNav() {
    var tabs = PAGES.map(function (page) {
      var selected = page === state.page;
      return element('a', {
        id: 'tab-' + page,
        href: '#' + page,
        role: 'tab',
        className: 'tab',
        'aria-selected': selected ? 'true' : 'false',
        'aria-controls': 'panel',
        tabindex: selected ? '0' : '-1',
        text: t(page),
        onkeydown: function (event) {
          var index = PAGES.indexOf(page);
          var next;
          if (event.key === 'ArrowRight') next = PAGES[(index + 1) % PAGES.length];
          else if (event.key === 'ArrowLeft') next = PAGES[(index + PAGES.length - 1) % PAGES.length];
          else if (event.key === 'Home') next = PAGES[0];
          else if (event.key === 'End') next = PAGES[PAGES.length - 1];
          if (next === undefined) return;
          event.preventDefault();
          window.location.hash = next;
          var tab = document.getElementById('tab-' + next);
          if (tab) tab.focus();
        },
      });
    });
    return element('nav', { 'aria-label': t('sectorsNav') }, [
      element('div', { role: 'tablist', className: 'tabs', 'aria-label': t('sectorsNav') }, tabs),
    ]);
  }

  function renderMain() {
    var panel = element('section', {
      id: 'panel',
      role: 'tabpanel',
      'aria-labelledby': 'tab-' + state.page,
      'data-page': state.page,
    });
    panel.append(element('h2', { id: 'page-heading', text: t(state.page) }));
    if (state.indicators) {
      if (state.page === 'overview') renderOverview(panel);
      else renderSector(panel, state.page);
    }
    return element('main', { id: 'main', tabindex: '-1' }, [panel]);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Overview: freshness of every source, every indicator at a glance

  function renderOverview(panel) {
    var sources = new Map();
    state.indicators.forEach(function (indicator) {
      indicator.sources.forEach(function (source) {
        if (!sources.has(source.source)) sources.set(source.source, source);
      });
    });
    panel.append(
      element('section', { className: 'card', 'aria-labelledby': 'freshness-heading' }, [
        element('h3', { id: 'freshness-heading', text: t('freshnessTitle') }),
        table(
          [t('source'), t('lastChanged'), t('status')],
          Array.from(sources.values()).map(function (source) {
            return [source.source, formatTime(source.lastChangedAt), freshnessBadge(source)];
          }),
          'freshness-table',
        ),
      ]),
    );
    panel.append(
      element('section', { className: 'card', 'aria-labelledby': 'catalogue-heading' }, [
        element('h3', { id: 'catalogue-heading', text: t('indicatorsTitle') }),
        table(
          [t('indicator'), t('sector'), t('unit'), t('asOf'), t('cells'), t('suppressedCells')],
          state.indicators.map(function (indicator) {
            var suppressed = indicator.cells.filter(function (cell) {
              return cell.suppressed;
            }).length;
            return [
              element('a', { href: '#' + sectorOf(indicator), text: titleOf(indicator) }),
              t(sectorOf(indicator)),
              indicator.unit,
              formatTime(indicator.asOf),
              String(indicator.cells.length),
              String(suppressed),
            ];
          }),
          'catalogue-table',
        ),
      ]),
    );
  }

  function freshnessBadge(source) {
    return element('span', {
      className: source.stale ? 'badge stale' : 'badge fresh',
      text: source.stale ? t('stale') : t('fresh'),
    });
  }

  function table(headers, rows, id) {
    return element('table', { id: id }, [
      element('thead', {}, [
        element(
          'tr',
          {},
          headers.map(function (header) {
            return element('th', { scope: 'col', text: header });
          }),
        ),
      ]),
      element(
        'tbody',
        {},
        rows.map(function (row) {
          return element(
            'tr',
            {},
            row.map(function (cell) {
              return element('td', {}, [cell]);
            }),
          );
        }),
      ),
    ]);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // A sector's page: one card per indicator

  function renderSector(panel, sector) {
    var indicators = state.indicators.filter(function (indicator) {
      return sectorOf(indicator) === sector;
    });
    if (indicators.length === 0) panel.append(element('p', { text: t('noData') }));
    indicators.forEach(function (indicator) {
      panel.append(renderIndicator(indicator));
    });
  }

  /**
   * How a table of cells becomes a chart: the x axis is the month when there is one (a time series, drawn as lines),
   * else the first dimension (bars); the series are the values of the next dimension; any further dimension is
   * chosen with a select (the cells are fixed tables: choosing among them asks the gateway nothing new).
   */
  function layoutOf(indicator) {
    var dimensions = indicator.dimensions.slice();
    var x = dimensions.indexOf('month') !== -1 ? 'month' : dimensions[0];
    var rest = dimensions.filter(function (name) {
      return name !== x;
    });
    return { x: x, series: rest[0], chosen: rest.slice(1), timeSeries: x === 'month' };
  }

  function distinctValues(cells, index) {
    var seen = [];
    cells.forEach(function (cell) {
      if (seen.indexOf(cell.key[index]) === -1) seen.push(cell.key[index]);
    });
    return seen.sort(function (a, b) {
      return a < b ? -1 : a > b ? 1 : 0;
    });
  }

  /** Every month from the first to the last of `months` (`YYYY-MM`, sorted). */
  function monthRange(months) {
    var valid = months.filter(function (month) {
      return /^\d{4}-\d{2}$/.test(month);
    });
    if (valid.length !== months.length || valid.length < 2) return months;
    var range = [];
    var year = Number(valid[0].slice(0, 4));
    var month = Number(valid[0].slice(5, 7));
    var last = valid[valid.length - 1];
    for (var guard = 0; guard < 1200; guard += 1) {
      var text = year + '-' + (month < 10 ? '0' : '') + month;
      range.push(text);
      if (text === last) return range;
      month += 1;
      if (month > 12) {
        month = 1;
        year += 1;
      }
    }
    return months;
  }

  /**
   * The chart's data: categories (x), series (name, values aligned with categories: a number, or null when the
   * cell is suppressed or, for shares and durations, absent), and the suppressed cells.
   */
  function chartData(indicator) {
    var layout = layoutOf(indicator);
    var position = function (name) {
      return indicator.dimensions.indexOf(name);
    };
    var selection = state.selections[indicator.id] || {};
    var cells = indicator.cells.filter(function (cell) {
      return layout.chosen.every(function (name) {
        var options = distinctValues(indicator.cells, position(name));
        var wanted = selection[name] !== undefined ? selection[name] : options[0];
        return cell.key[position(name)] === wanted;
      });
    });
    var categories = distinctValues(cells, position(layout.x));
    // Count tables list only non-zero and withheld cells: a month in which nothing happened is absent, and is still
    // a point of the time axis (zero for a count, no value for a share or a duration).
    if (layout.timeSeries) categories = monthRange(categories);
    var names = layout.series === undefined ? [indicator.unit] : distinctValues(cells, position(layout.series));
    var byName = new Map();
    names.forEach(function (name) {
      // A key that is not listed is zero for a count, and has no value for a share or a duration (the API's rule).
      var fill = indicator.kind === 'COUNT' ? 0 : null;
      byName.set(name, {
        name: name,
        values: categories.map(function () {
          return fill;
        }),
        suppressedAt: [],
        released: 0,
      });
    });
    var suppressed = [];
    cells.forEach(function (cell) {
      var name = layout.series === undefined ? indicator.unit : cell.key[position(layout.series)];
      var series = byName.get(name);
      var at = categories.indexOf(cell.key[position(layout.x)]);
      if (cell.suppressed) {
        series.values[at] = null;
        series.suppressedAt.push(at);
        suppressed.push({ category: categories[at], series: name });
      } else {
        series.values[at] = cell.value;
        series.released += cell.value === null ? 0 : Math.abs(cell.value);
      }
    });
    var all = Array.from(byName.values());
    var shown = all;
    if (all.length > MAX_SERIES) {
      shown = all
        .slice()
        .sort(function (a, b) {
          return b.released - a.released;
        })
        .slice(0, MAX_SERIES);
    }
    return {
      layout: layout,
      categories: categories,
      series: shown,
      totalSeries: all.length,
      suppressed: suppressed.filter(function (cell) {
        return shown.some(function (series) {
          return series.name === cell.series;
        });
      }),
      cells: cells,
    };
  }

  function renderIndicator(indicator) {
    var data = chartData(indicator);
    var headingId = 'heading-' + indicator.id.replace(/\./g, '-');
    var chartNode = element('div', {
      className: 'chart',
      role: 'img',
      'data-indicator-id': indicator.id,
      'aria-label': format('chartLabel', { title: titleOf(indicator) }),
    });
    var controls = data.layout.chosen.map(function (name) {
      var index = indicator.dimensions.indexOf(name);
      var options = distinctValues(indicator.cells, index);
      var selection = state.selections[indicator.id] || {};
      var current = selection[name] !== undefined ? selection[name] : options[0];
      var selectId = 'select-' + indicator.id.replace(/\./g, '-') + '-' + name;
      return element('div', { className: 'control' }, [
        element('label', { for: selectId, text: dimensionLabel(name) }),
        element(
          'select',
          {
            id: selectId,
            'data-dimension': name,
            onchange: function (event) {
              state.selections[indicator.id] = Object.assign({}, state.selections[indicator.id]);
              state.selections[indicator.id][name] = event.target.value;
              render();
            },
          },
          options.map(function (option) {
            return element('option', { value: option, selected: option === current, text: option });
          }),
        ),
      ]);
    });
    var suppressedCount = data.cells.filter(function (cell) {
      return cell.suppressed;
    }).length;
    var card = element(
      'article',
      { className: 'card indicator', 'aria-labelledby': headingId, 'data-indicator-id': indicator.id },
      [
        element('h3', { id: headingId, text: titleOf(indicator) }),
        element('p', {
          className: 'other-title',
          lang: state.language === 'vi' ? 'en' : 'vi',
          text: otherTitleOf(indicator),
        }),
        element('p', { className: 'meta' }, [
          t('unit') + ': ' + indicator.unit + ' · ' + t('asOf') + ': ',
          element('time', { datetime: indicator.asOf, text: formatTime(indicator.asOf) }),
        ]),
        element(
          'ul',
          { className: 'sources', 'aria-label': t('sources') },
          indicator.sources.map(function (source) {
            return element('li', { 'data-source': source.source }, [
              source.source + ': ' + formatTime(source.lastChangedAt) + ' ',
              freshnessBadge(source),
            ]);
          }),
        ),
        controls.length > 0 ? element('div', { className: 'controls' }, controls) : null,
        chartNode,
        data.totalSeries > data.series.length
          ? element('p', {
              className: 'hint',
              text: format('seriesLimited', { shown: data.series.length, total: data.totalSeries }),
            })
          : null,
        element('p', {
          className: suppressedCount > 0 ? 'suppressed-note' : 'hint',
          'data-suppressed-count': String(suppressedCount),
          text: suppressedCount > 0 ? format('suppressedNote', { n: suppressedCount }) : t('noSuppressed'),
        }),
        renderDataTable(indicator, data),
      ],
    );
    state.pendingCharts.push(function () {
      drawChart(chartNode, indicator, data);
    });
    return card;
  }

  function renderDataTable(indicator, data) {
    var rows = data.cells.map(function (cell) {
      return cell.key.concat([
        cell.suppressed
          ? element('span', { className: 'suppressed-cell', text: t('suppressed') })
          : formatValue(cell.value, indicator.kind),
      ]);
    });
    return element('details', {}, [
      element('summary', { text: t('table') }),
      table(indicator.dimensions.map(dimensionLabel).concat([t('value')]), rows),
    ]);
  }

  function tooltipValue(value, kind) {
    return value === null || value === undefined ? '—' : formatValue(value, kind);
  }

  var PALETTE = ['#1f6fb2', '#e07b00', '#2e9d5b', '#b23a48', '#7b52ab', '#008b8b', '#8c6d1f', '#d4598f'];

  function drawChart(node, indicator, data) {
    var chart = echarts.init(node, null, { renderer: 'canvas' });
    state.charts.push(chart);
    var kind = indicator.kind;
    var series = data.series.map(function (entry) {
      return {
        name: entry.name,
        type: data.layout.timeSeries ? 'line' : 'bar',
        // Null is a gap: a suppressed cell is never drawn (as zero or otherwise) in its series.
        data: entry.values.slice(),
        connectNulls: false,
        showSymbol: true,
        emphasis: { focus: 'series' },
      };
    });
    // The suppressed cells: one marker per cell, at the foot of the plot on an axis of their own (no value), in a
    // series of their own that the legend names.
    var suppressedLabel = t('suppressedLegend');
    if (data.suppressed.length > 0) {
      series.push({
        name: suppressedLabel,
        type: 'scatter',
        yAxisIndex: 1,
        symbol: 'triangle',
        symbolSize: 12,
        itemStyle: { color: '#ffffff', borderColor: '#5b6270', borderWidth: 2 },
        data: data.suppressed.map(function (cell) {
          return { value: [cell.category, 0.06], name: cell.series };
        }),
        z: 5,
      });
    }
    chart.setOption({
      animation: false,
      color: PALETTE,
      textStyle: { fontFamily: 'system-ui, sans-serif' },
      grid: {
        left: 56,
        right: 20,
        // The legend wraps: about four entries a line.
        top: 36 + 22 * Math.ceil(series.length / 4),
        bottom: data.categories.length > 12 ? 80 : 40,
      },
      legend: { type: 'plain', top: 0, left: 'center' },
      // Tooltips drawn on the canvas: the CSP forbids the inline styles of ECharts' HTML tooltips.
      tooltip: {
        trigger: data.layout.timeSeries ? 'axis' : 'item',
        renderMode: 'richText',
        formatter: function (params) {
          var list = Array.isArray(params) ? params : [params];
          var first = list[0] || {};
          var lines = [first.axisValueLabel || (Array.isArray(first.value) ? first.value[0] : first.name)];
          list.forEach(function (item) {
            if (item.seriesName === suppressedLabel) lines.push(item.name + ': ' + t('suppressed'));
            else lines.push(item.seriesName + ': ' + tooltipValue(item.value, kind));
          });
          return lines.join('\n');
        },
      },
      xAxis: {
        type: 'category',
        data: data.categories,
        name: dimensionLabel(data.layout.x),
        nameLocation: 'middle',
        nameGap: data.categories.length > 12 ? 56 : 26,
        axisLabel: { rotate: data.categories.length > 12 ? 45 : 0 },
      },
      yAxis: [
        {
          type: 'value',
          name: indicator.unit,
          axisLabel: {
            formatter: function (value) {
              return formatValue(value, kind);
            },
          },
        },
        { type: 'value', min: 0, max: 1, show: false },
      ],
      series: series,
    });
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Start

  window.addEventListener('hashchange', function () {
    var page = pageFromHash();
    // Other fragments (the skip link's #main) leave the page as it is.
    if (PAGES.indexOf(window.location.hash.replace(/^#/, '')) === -1 || page === state.page) return;
    state.page = page;
    render();
  });
  window.addEventListener('resize', function () {
    state.charts.forEach(function (chart) {
      chart.resize();
    });
  });

  render();
  if (state.token) void loadIndicators();
})();
