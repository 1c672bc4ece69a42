// The one list of test projects: a package joins the suite by being listed here.
export const projects = ['packages/core', 'packages/testkit']
