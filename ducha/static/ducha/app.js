// The few behaviours pages need beyond htmx, by data attribute, so that no page carries inline script
// (the Content-Security-Policy allows scripts from this site and nonce-marked chart scripts only).
(function () {
  document.addEventListener('change', function (event) {
    const target = event.target;
    if (target.matches('[data-autosubmit]')) target.form.submit();
    if (target.matches('[data-hides]')) {
      const hidden = document.getElementById(target.dataset.hides);
      hidden.hidden = target.checked;
      if (target.checked) hidden.querySelectorAll('input').forEach(function (input) { input.value = ''; });
    }
    if (target.matches('[data-navigate]')) {
      location.search = '?' + target.dataset.navigate + '=' + encodeURIComponent(target.value);
    }
    if (target.matches('[data-check-all]')) {
      const scope = target.closest(target.dataset.scope || 'table');
      scope.querySelectorAll('input[name="' + target.dataset.checkAll + '"]').forEach(function (box) {
        box.checked = target.checked;
      });
    }
  });
  document.addEventListener('click', function (event) {
    const toggle = event.target.closest('[data-nav-toggle]');
    if (toggle) {
      const bar = toggle.closest('.topbar');
      const open = bar.classList.toggle('nav-open');
      toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
      return;
    }
    const target = event.target.closest('[data-print], [data-fill], [data-check]');
    if (!target) return;
    if (target.matches('[data-print]')) window.print();
    if (target.matches('[data-fill]')) document.getElementById(target.dataset.fill).value = target.dataset.value;
    if (target.matches('[data-check]')) {
      const wanted = target.dataset.values.split(',');
      document.querySelectorAll('input[name="' + target.dataset.check + '"]').forEach(function (box) {
        if (wanted.indexOf(box.value) >= 0) box.checked = true;
      });
    }
  });
  document.addEventListener('keydown', function (event) {
    const form = event.target.closest && event.target.closest('form[data-ctrl-enter]');
    if (form && event.ctrlKey && event.key === 'Enter') {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  document.addEventListener('submit', function (event) {
    const form = event.target;
    if (form.matches && form.matches('form[data-confirm]') && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });
})();
