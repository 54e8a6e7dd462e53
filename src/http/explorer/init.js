// Starts GraphiQL on the explorer page. Served by the gateway as /explorer/assets/explorer.js after the React,
// ReactDOM and GraphiQL UMD bundles (globals React, ReactDOM, GraphiQL). Plain browser JavaScript, no build step;
// the page's Content-Security-Policy forbids inline scripts, so the settings come from a JSON data block.
(function () {
  'use strict';

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
  if (typeof React === 'undefined' || typeof ReactDOM === 'undefined' || typeof GraphiQL === 'undefined') {
    showProblem('The explorer scripts did not load. Reload the page; if it persists, check the gateway logs.');
    return;
  }

  /** Headers from the editor, minus the ones still holding the template's placeholder (not a real value). */
  function requestHeaders(editorHeaders) {
    var headers = new Headers();
    if (editorHeaders && typeof editorHeaders === 'object') {
      Object.keys(editorHeaders).forEach(function (name) {
        var value = editorHeaders[name];
        if (value === undefined || value === null) return;
        value = String(value);
        if (config.placeholderMarker && value.indexOf(config.placeholderMarker) !== -1) return;
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

  async function fetcher(params, options) {
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
    } catch (_) {
      var body = text.length > 500 ? text.slice(0, 500) + '…' : text;
      return errorResult('HTTP ' + response.status + ' ' + response.statusText + (body ? ': ' + body : ''));
    }
  }

  var tab = {
    query: config.defaultQuery,
    variables: config.defaultVariables,
    headers: config.defaultHeaders,
  };

  ReactDOM.createRoot(root).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: config.defaultQuery,
      defaultHeaders: config.defaultHeaders,
      defaultTabs: [tab],
      isHeadersEditorEnabled: true,
      defaultEditorToolsVisibility: 'headers',
      // Tokens stay out of localStorage unless the user turns this on in the settings.
      shouldPersistHeaders: false,
    }),
  );
})();
