// Suggestions while typing, for a search box with data-suggest="<API URL>" and a list="<datalist id>".
// Progressive enhancement: without JavaScript the form works the same, only without suggestions.
(function () {
  'use strict';
  document.querySelectorAll('input[data-suggest][list]').forEach(function (input) {
    var list = document.getElementById(input.getAttribute('list'));
    if (!list) return;
    var timer = 0;
    var controller = null;
    input.addEventListener('input', function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        var q = input.value;
        if (q.trim().length < 2) {
          list.replaceChildren();
          return;
        }
        if (controller) controller.abort();
        controller = new AbortController();
        var url = input.getAttribute('data-suggest') + '?q=' + encodeURIComponent(q);
        fetch(url, { headers: { accept: 'application/json' }, signal: controller.signal })
          .then(function (response) {
            return response.ok ? response.json() : { items: [] };
          })
          .then(function (body) {
            list.replaceChildren.apply(
              list,
              body.items.map(function (item) {
                var option = document.createElement('option');
                option.value = item.title;
                return option;
              }),
            );
          })
          .catch(function () {
            /* a newer request took over, or the network failed: keep the old suggestions */
          });
      }, 150);
    });
  });
})();
