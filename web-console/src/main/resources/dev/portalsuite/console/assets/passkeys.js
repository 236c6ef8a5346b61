// Passkeys (WebAuthn) for the forms marked data-passkey-options: shown only when the browser supports them.
// The script fetches the options from the console (which asks auth-service), runs the browser's ceremony and puts
// the answer into the form's hidden "credential" field; the form then posts as any other, and the server decides.
(function () {
  'use strict';

  function fromB64url(value) {
    var base64 = value.replace(/-/g, '+').replace(/_/g, '/');
    while (base64.length % 4) { base64 += '='; }
    var binary = atob(base64);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) { bytes[i] = binary.charCodeAt(i); }
    return bytes.buffer;
  }

  function toB64url(buffer) {
    if (!buffer) { return null; }
    var bytes = new Uint8Array(buffer);
    var binary = '';
    for (var i = 0; i < bytes.length; i++) { binary += String.fromCharCode(bytes[i]); }
    return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function decodeDescriptors(list) {
    return (list || []).map(function (d) {
      var copy = Object.assign({}, d);
      copy.id = fromB64url(d.id);
      return copy;
    });
  }

  function creationOptions(json) {
    var options = Object.assign({}, json.publicKey || json);
    options.challenge = fromB64url(options.challenge);
    options.user = Object.assign({}, options.user, { id: fromB64url(options.user.id) });
    options.excludeCredentials = decodeDescriptors(options.excludeCredentials);
    return options;
  }

  function requestOptions(json) {
    var options = Object.assign({}, json.publicKey || json);
    options.challenge = fromB64url(options.challenge);
    options.allowCredentials = decodeDescriptors(options.allowCredentials);
    return options;
  }

  function credentialJson(credential) {
    var response = credential.response;
    var json = {
      id: credential.id,
      rawId: toB64url(credential.rawId),
      type: credential.type,
      authenticatorAttachment: credential.authenticatorAttachment || null,
      clientExtensionResults: credential.getClientExtensionResults ? credential.getClientExtensionResults() : {},
      response: { clientDataJSON: toB64url(response.clientDataJSON) }
    };
    if (response.attestationObject) {
      json.response.attestationObject = toB64url(response.attestationObject);
      if (response.getTransports) { json.response.transports = response.getTransports(); }
    } else {
      json.response.authenticatorData = toB64url(response.authenticatorData);
      json.response.signature = toB64url(response.signature);
      json.response.userHandle = toB64url(response.userHandle);
    }
    return json;
  }

  function fail(form, text) {
    var error = form.querySelector('.passkey-error');
    if (error) {
      error.textContent = text;
      error.hidden = false;
    }
  }

  function run(form) {
    var csrf = form.querySelector('input[name="_csrf"]');
    var create = form.getAttribute('data-passkey-mode') === 'create';
    fetch(form.getAttribute('data-passkey-options'), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'X-CSRF-Token': csrf ? csrf.value : '', 'Accept': 'application/json' }
    }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) { throw new Error(body.message || 'Passkeys cannot be used right now.'); }
        return body;
      });
    }).then(function (options) {
      return create
        ? navigator.credentials.create({ publicKey: creationOptions(options) })
        : navigator.credentials.get({ publicKey: requestOptions(options) });
    }).then(function (credential) {
      if (!credential) { throw new Error('No passkey was chosen.'); }
      form.querySelector('input[name="credential"]').value = JSON.stringify(credentialJson(credential));
      form.submit();
    }).catch(function (error) {
      fail(form, error && error.name === 'NotAllowedError'
        ? 'The passkey was not used (cancelled or timed out). Try again.'
        : (error && error.message) || 'The passkey could not be used.');
    });
  }

  function start() {
    if (!window.PublicKeyCredential || !navigator.credentials || !window.fetch) { return; }
    document.querySelectorAll('form[data-passkey-options]').forEach(function (form) {
      form.hidden = false;
      document.querySelectorAll('.passkey-needs-js').forEach(function (note) { note.hidden = true; });
      form.addEventListener('submit', function (event) {
        if (form.querySelector('input[name="credential"]').value) { return; }
        event.preventDefault();
        var name = form.querySelector('input[name="name"]');
        if (name && !name.value.trim()) {
          fail(form, 'Give the passkey a name first.');
          return;
        }
        run(form);
      });
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
