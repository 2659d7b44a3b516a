/* The query page: YASGUI on our endpoint, no calls to other sites, and the example gallery. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("query-config").textContent);
  if (typeof Yasgui === "undefined") { return; }
  // Prefix and class/property completion would ask prefix.cc and LOV: keep every request local.
  Yasgui.Yasqe.defaults.autocompleters = ["variables"];
  Yasgui.Yasqe.defaults.value = config.initial;
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: config.endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: {
      getData: function () { return [{ endpoint: config.endpoint }]; },
      keys: []
    },
    persistenceId: "forcelaw-" + config.endpoint,
    yasqe: { value: config.initial }
  });
  window.forcelawYasgui = yasgui;
  // The buttons run in the editor: hidden until it is there (a page without scripts has a
  // link to each example in its form instead).
  Array.prototype.forEach.call(document.querySelectorAll(".run-example"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var example = config.examples[Number(button.getAttribute("data-example"))];
      var tab = yasgui.getTab();
      tab.setQuery(example.query);
      tab.setName(example.title);
      document.getElementById("yasgui").scrollIntoView();
      tab.query();
    });
  });
}());
