// GOV.UK and MoJ Frontend's components (radios' conditional fields, the sortable table, error summary focus).
import { initAll } from '/assets/js/govuk-frontend.min.js';
import { initAll as initMoj } from '/assets/js/moj-frontend.min.js';

initAll();
initMoj();
