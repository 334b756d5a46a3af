/* global document, sessionStorage, window */
// What the gateway's pages (/audit, /policies) share: DOM helpers, the status line, and the bearer token kept
// in sessionStorage (pasted by the user; sent on every request; gone when the tab closes).
(function () {
  'use strict';

  function $(id) {
    return document.getElementById(id);
  }

  function status(text, kind) {
    var node = $('status');
    node.textContent = text;
    node.className = kind || '';
  }

  function element(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      if (name === 'text') node.textContent = attributes[name];
      else if (name === 'className') node.className = attributes[name];
      else node.setAttribute(name, attributes[name]);
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  /** The token stored under `key`, and sign-in/out that read the `token` field and report on the status line. */
  function tokenStore(key) {
    return {
      get: function () {
        return sessionStorage.getItem(key) || '';
      },
      /** Reads the pasted token (a leading "Bearer " is dropped); false, saying so, when the field is empty. */
      signIn: function () {
        var value = $('token')
          .value.trim()
          .replace(/^Bearer\s+/i, '');
        if (!value) {
          status('Paste a bearer token first.', 'error');
          return false;
        }
        sessionStorage.setItem(key, value);
        $('token').value = '';
        return true;
      },
      signOut: function () {
        sessionStorage.removeItem(key);
      },
    };
  }

  window.PageKit = { $: $, status: status, element: element, tokenStore: tokenStore };
})();
