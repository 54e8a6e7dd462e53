// Starts GraphiQL on the explorer page. Served by the gateway as /explorer/assets/explorer.js after the React,
// ReactDOM and GraphiQL UMD bundles (globals React, ReactDOM, GraphiQL). Plain browser JavaScript, no build step;
// the page's Content-Security-Policy forbids inline scripts, so the settings come from a JSON data block.
(function () {
  'use strict';

  // The browser's and the bundles' globals, named once (this file is linted without a browser environment).
  var document = globalThis.document;
  var fetch = globalThis.fetch.bind(globalThis);
  var Headers = globalThis.Headers;
  var React = globalThis.React;
  var ReactDOM = globalThis.ReactDOM;
  var GraphiQL = globalThis.GraphiQL;
  var setTimeout = globalThis.setTimeout.bind(globalThis);
  var clearTimeout = globalThis.clearTimeout.bind(globalThis);

  var root = document.getElementById('explorer');

  function showProblem(text) {
    var p = document.createElement('p');
    p.className = 'explorer-message explorer-error';
    p.textContent = text;
    root.replaceChildren(p);
  }

  var config;
  try {
    config = JSON.parse(document.getElementById('explorer-config').textContent);
  } catch (error) {
    showProblem('The explorer configuration could not be read: ' + error);
    return;
  }
  if (!React || !ReactDOM || !GraphiQL) {
    showProblem('The explorer scripts did not load. Reload the page; if it persists, check the gateway logs.');
    return;
  }

  /** A header value still holding the template's placeholder is not a real value: it is not sent. */
  function isPlaceholder(value) {
    return Boolean(config.placeholderMarker) && value.indexOf(config.placeholderMarker) !== -1;
  }

  /** Headers from the editor, minus placeholders, plus what the gateway needs. */
  function requestHeaders(editorHeaders) {
    var headers = new Headers();
    if (editorHeaders && typeof editorHeaders === 'object') {
      Object.keys(editorHeaders).forEach(function (name) {
        var value = editorHeaders[name];
        if (value === undefined || value === null) return;
        value = String(value);
        if (isPlaceholder(value)) return;
        headers.set(name, value);
      });
    }
    headers.set('accept', 'application/graphql-response+json, application/json');
    headers.set('content-type', 'application/json');
    // The gateway uses Apollo Server's CSRF prevention; this header marks the request as not a "simple" one.
    headers.set('apollo-require-preflight', 'true');
    return headers;
  }

  function errorResult(message) {
    return { errors: [{ message: message }] };
  }

  async function fetchGraphQL(params, options) {
    var headers;
    try {
      headers = requestHeaders(options && options.headers);
    } catch (error) {
      return errorResult('Invalid header in the headers editor: ' + error.message);
    }
    var response;
    try {
      response = await fetch(config.graphqlPath, {
        method: 'POST',
        headers: headers,
        body: JSON.stringify(params),
        credentials: 'same-origin',
      });
    } catch (error) {
      return errorResult('The gateway could not be reached: ' + error.message);
    }
    var text = await response.text();
    try {
      return JSON.parse(text);
    } catch {
      var body = text.length > 500 ? text.slice(0, 500) + '…' : text;
      return errorResult('HTTP ' + response.status + ' ' + response.statusText + (body ? ': ' + body : ''));
    }
  }

  /**
   * The Authorization value the editor's headers would send ('' for none), or undefined while they are not valid
   * JSON (being typed).
   */
  function authorizationOf(headersText) {
    var headers;
    try {
      headers = headersText && headersText.trim() ? JSON.parse(headersText) : {};
    } catch {
      return undefined;
    }
    if (!headers || typeof headers !== 'object') return undefined;
    var name = Object.keys(headers).find(function (key) {
      return key.toLowerCase() === 'authorization';
    });
    var value = name === undefined || headers[name] == null ? '' : String(headers[name]);
    return isPlaceholder(value) ? '' : value;
  }

  // A new fetcher function makes GraphiQL introspect again. The gateway shows each token the part of the schema
  // it may read, so the docs, autocompletion and validation follow the token in the headers editor.
  function newFetcher() {
    return function fetcher(params, options) {
      return fetchGraphQL(params, options);
    };
  }

  function Explorer() {
    var fetcherState = React.useState(newFetcher);
    var schemaAuthorization = React.useRef(authorizationOf(config.defaultHeaders));
    var pending = React.useRef(undefined);
    var setFetcher = fetcherState[1];

    var onEditHeaders = React.useCallback(
      function (headersText) {
        clearTimeout(pending.current);
        pending.current = setTimeout(function () {
          var authorization = authorizationOf(headersText);
          if (authorization === undefined || authorization === schemaAuthorization.current) return;
          schemaAuthorization.current = authorization;
          setFetcher(newFetcher);
        }, 400);
      },
      [setFetcher],
    );

    return React.createElement(GraphiQL, {
      fetcher: fetcherState[0],
      onEditHeaders: onEditHeaders,
      defaultQuery: config.defaultQuery,
      defaultHeaders: config.defaultHeaders,
      defaultTabs: [{ query: config.defaultQuery, variables: config.defaultVariables, headers: config.defaultHeaders }],
      isHeadersEditorEnabled: true,
      defaultEditorToolsVisibility: 'headers',
      // Tokens stay out of localStorage unless the user turns this on in the settings.
      shouldPersistHeaders: false,
    });
  }

  ReactDOM.createRoot(root).render(React.createElement(Explorer));
})();
