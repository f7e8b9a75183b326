// Grants as usage policies (issue 5 §5): the model, its ODRL 2.2 serialization under the Shuyun profile
// (ODRL-PROFILE.md), and the decision every enforcement point makes first. Pure: usable in the browser.
export * from './usage-policy.ts';
export * from './odrl.ts';
