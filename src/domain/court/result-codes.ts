/**
 * Which way a court result moves someone, by its CJS result code: the four-digit codes HMCTS and
 * the police use for every judicial result (Common Platform sends each result's `cjsCode`; Libra
 * and PNC use the same set). Labels are the CJS descriptions, kept for people.
 *
 * Source: the CJS result-code standing data MoJ publishes with Bichard 7, the system that carries
 * court results to the PNC (github.com/ministryofjustice/bichard7-next-data,
 * output-data/data/result-code.json, read at commit 6b2cf0a4, 2026-08-21). The directions are ours,
 * read against docs/domain.md ("Court results"): a remand in custody, an immediate custodial sentence,
 * detention, a recall or a committal in custody is custody; a suspended sentence, a discharge, a
 * community order, a fine, bail or an acquittal is not, and frees him on that matter only.
 *
 * Only codes a court in England and Wales uses in a criminal case are listed; a code not here is
 * read by its label (result-labels.ts), and a label no rule knows goes to a person.
 */

export type ResultDirection = 'INTO_CUSTODY' | 'OUT_OF_CUSTODY_ON_THIS_MATTER' | 'NO_CHANGE';

export interface ResultCode {
  code: string;
  label: string;
  direction: ResultDirection;
  /** Why the direction is not the obvious one, where it is not. */
  note?: string;
}

const I = 'INTO_CUSTODY' as const;
const O = 'OUT_OF_CUSTODY_ON_THIS_MATTER' as const;
const N = 'NO_CHANGE' as const;

const HOSPITAL =
  'Detained in hospital, not prison: his prison must not release him, and the unit confirms the transfer';
const BAIL_DIRECTION = 'Held only until a condition of bail is met: a release may then be due, so the unit confirms';
const LA = 'A child remanded to local authority accommodation leaves prison custody; secure accommodation is custody';

const ROWS: [string, ResultDirection, string, string?][] = [
  // Immediate custodial sentences, detention and recall.
  ['1002', I, 'Imprisonment'],
  ['1003', I, 'Detained during HM Pleasure'],
  ['1007', I, 'Detention'],
  ['1022', I, 'Youth Custody'],
  ['1024', I, 'Young Offenders Institution'],
  ['1055', I, 'Unserved from Original Sentence'],
  ['1056', I, 'Detained in Place approved by Sec. Of State'],
  ['1080', I, 'Secure Training Order'],
  ['1081', I, 'Detention and Training Order'],
  [
    '1088',
    I,
    'Hospital & Limitation Directions',
    'A sentence of imprisonment served first in hospital: he returns to prison, never to the street',
  ],
  ['1110', I, 'Return to Detention'],
  ['1111', I, 'Return to Prison'],
  ['1114', I, 'Prison Sentence - less than 12 months'],
  ['1121', I, 'Indeterminate Sentence Minimum'],
  ['1133', I, 'Return to YOI'],
  ['1161', I, 'Prison Committal - Determinate'],
  ['1162', I, 'Crown Court - Imprisonment/Detention - Determinate'],
  ['1501', I, 'Recall to Prison'],
  ['1507', I, 'Suspended Sentence Implemented'],
  ['1509', I, 'Detention in Default'],
  ['1510', I, 'Imprisonment in default'],
  ['3187', I, 'Commit to Prison on Revoke/Breach of PO/CSO/CO/ACO'],
  ['3223', I, 'Suspended Sentence (Full) Put Into Operation'],
  ['3224', I, 'Suspended Sentence (Full) Put Into Operation (CC)'],
  ['3226', I, 'Suspended Sentence Reduced and Put Into Operation'],
  ['3227', I, 'Suspended Sentence Reduced - Put Into Effect (CC)'],
  ['3230', I, 'Tariff Set for Life Sentence'],
  ['3253', I, 'Detention in lieu of Sentence of Imprisonment'],
  ['3255', I, 'Crown Court Comm Warrant - Indeterminate/Extended'],
  ['3256', I, 'Committal of Child - Indeterminate/Extended'],
  ['3257', I, 'Juvenile Detention Order'],
  ['4064', I, 'Life Sentence - Tariff to be set later'],
  ['4065', I, 'Life Sentence and Tariff Set Together'],
  // Remands, committals and sendings in custody (interim).
  ['4012', I, 'Remittal for Sentence in Custody'],
  ['4016', I, 'Commit to Crown Court for Sentence in Custody'],
  ['4021', I, 'Commit to Crown Court for Sentence - Remand to Local Authority Secure Accommodation', LA],
  ['4028', I, 'Remand In Custody'],
  ['4032', I, 'Remittal To Youth Court In Custody'],
  ['4034', I, 'Remittal To Youth Court In Secure Local Authority Accommodation', LA],
  ['4049', I, 'Remand in Custody after Bail Appeal by Prosecutor'],
  ['4050', I, 'remand in Custody to Customs Detention'],
  ['4053', I, 'Mental Health - Commit to Crown Court for Restriction (Remand to prison)'],
  ['4054', I, 'Committed to Crown Court for Sentence in Youth Detention Accommodation'],
  ['4056', I, 'Remitted to Youth Court in Youth Detention Accommodation'],
  ['4057', I, 'Commit/Transfer/Send for Trial to CC in Youth Detention Accommodation'],
  ['4058', I, 'Remanded in Youth Detention Accommodation'],
  ['4531', I, 'Remand in Custody (Bail Refused)'],
  ['4532', I, 'Remand in Custody - Full Bail Arguement'],
  ['4534', I, 'Remand in Custody after Bail Appeal by Prosecutor'],
  ['4535', I, 'Remand in Custody to Customs Detention'],
  ['4539', I, 'Remand in Secure Local Authority Accommodation', LA],
  ['4540', I, 'Remand in Custody (Medical/Psychiatric Supplementary Report)'],
  ['4541', I, 'Remand in Police Custody'],
  ['4549', I, 'Remittal to Youth Court in Custody'],
  ['4551', I, 'Remittal to Youth Court in Secure Local Authority Accommodation', LA],
  ['4560', I, 'Commit/Transfer/Send to Crown Court for Trial in Custody'],
  ['4563', I, 'Commit/Transfer/Send to Crown Court for Trial in Secure Local Authority Accommodation', LA],
  ['4564', I, 'Commit/Transfer/Send to Crown Court for Trial in Custody (Transfer Direction)'],
  ['4571', I, 'Mental Health Commit to Crown Court for Restriction (Remand to Prison)'],
  ['4576', I, 'Warrant for Offence Not Backed for Bail (Undated)', 'He is to be held when found: not released'],
  ['4588', I, 'Remittal for Trial - In Custody'],
  ['4593', I, 'Committed to Crown Court - bail app in murder case'],
  ['3196', I, 'Crown Court Commit - Breach C/D- In Custody'],

  // Non-custodial sentences: he is not held on this matter.
  ['1004', O, 'Restriction Order', HOSPITAL],
  ['1008', O, 'Hospital Order', HOSPITAL],
  ['1010', O, 'Community Service'],
  ['1013', O, 'Probation Order'],
  ['1014', O, 'Guardianship Order'],
  ['1015', O, 'Fine'],
  ['1016', O, 'Bound Over'],
  ['1017', O, 'Absolute Discharge'],
  ['1018', O, 'Conditional Discharge'],
  ['1019', O, 'Discharged'],
  ['1020', O, 'Not Separately Dealt With'],
  ['1052', O, 'Curfew Order'],
  ['1057', O, 'No Separate Penalty'],
  ['1082', O, 'Restriction of Liberty Order'],
  ['1083', O, 'Reparation Order'],
  ['1086', O, 'Drug Treatment and Testing Order'],
  ['1089', O, 'Suspended Sentence Supervision Order'],
  ['1097', O, 'Referral Order'],
  ['1098', O, 'Community rehabilitation order'],
  ['1099', O, 'Community punishment order'],
  ['1102', O, 'Community punishment and rehabilitation order'],
  ['1115', O, 'Suspended Imprisonment', 'Suspended: he does not serve it unless it is later put into operation'],
  ['1116', O, 'Community Order'],
  ['1134', O, 'Suspended Sentence YOI', 'Suspended: he does not serve it unless it is later put into operation'],
  ['1141', O, 'Youth Rehabilitation Order'],
  ['1142', O, 'Youth Rehabilitation Order Intensive Supervision & Surveillance'],
  ['1143', O, 'Youth Rehabilitation Order with Fostering'],
  ['1144', O, 'Engagement and Support Order'],
  ['1508', O, 'Suspended Sentence Varied'],
  ['3132', O, 'Interim Hospital Order', HOSPITAL],
  ['3221', O, 'Suspended Sentence - No Order Made'],
  ['3228', O, 'Suspended Sentence Varied Only'],
  ['3229', O, 'Suspended sentence varied (CC)'],
  ['3268', O, 'Suspended Sentence - Reduced and Varied'],
  ['3269', O, 'Suspended Sentence - Reduced and Varied (CC)'],
  ['4582', O, 'Interim Hospital Order', HOSPITAL],
  ['4051', O, 'Remand in Custody to Hospital (Mental Health Act)', HOSPITAL],
  ['4536', O, 'Remand in Custody to Hospital (Mental Health Act)', HOSPITAL],
  ['4570', O, 'Mental Health Commit to Crown Court for Restriction (Remand to Hospital)', HOSPITAL],
  // Acquittals, discontinuance and the like.
  ['2004', O, 'Not Guilty'],
  ['2005', O, 'Acquitted'],
  ['2006', O, 'Dismissed'],
  ['2007', O, 'Adjourned sine die'],
  ['2008', O, 'Lie on File'],
  ['2023', O, 'Nolle Pros'],
  ['2050', O, 'No Evidence Offered - Dismissed'],
  ['2051', O, 'Withdrawn'],
  ['2053', O, 'Discontinuance'],
  ['2061', O, 'Proceedings Stayed'],
  ['2063', O, 'Withdrawn - Final'],
  ['2064', O, 'Judge Rules No Case to Answer'],
  ['2066', O, 'Discharged - Final'],
  ['2068', O, 'Sentence Quashed'],
  ['2079', O, 'CCRC - Conviction Quashed'],
  ['2083', O, 'Appeal Allowed - Conviction and Order Reversed'],
  ['2091', O, 'No Evidence Offered - Defendant Acquitted'],
  ['2095', O, 'Appeal Allowed - Aquitted'],
  ['2097', O, 'STAY PROCEEDINGS'],
  ['2099', O, 'Autrefois - defendant discharged'],
  ['2100', O, 'Allow Appeal & Conviction Quashed'],
  ['2101', O, 'Allow & Quash'],
  ['2104', O, 'Adjourned sine die (Henderson)'],
  // Bail, and remands that are not prison custody.
  ['3197', O, 'Crown Court Commit - Breach C/D - On Bail'],
  ['4011', O, 'Remittal for Sentence on Conditional Bail'],
  ['4013', O, 'Remittal for Sentence Unconditional Bail'],
  ['4014', O, 'Commit to Crown Court for Sentence Unconditional Bail'],
  ['4015', O, 'Commit to Crown Court for Sentence Conditional Bail'],
  ['4017', O, 'Commit to Crown Court for Sentence in Custody with Direction to Release on Bail', BAIL_DIRECTION],
  ['4020', O, 'Commit to Crown Court for Sentence - Remand to Local Authority Accommodation', LA],
  ['4027', O, 'Remand On Conditional Bail'],
  ['4029', O, 'Remand In Local Authority Accommodation', LA],
  ['4030', O, 'Remand In Secure Local Authority Accommodation With Bail Direction', BAIL_DIRECTION],
  ['4031', O, 'Remittal To Youth Court Conditional Bail'],
  ['4033', O, 'Remittal To Youth Court – Local Authority Accommodation', LA],
  ['4035', O, 'Remittal To Youth Court Unconditional Bail'],
  ['4046', O, 'Remand In Custody With Direction To Release On Bail', BAIL_DIRECTION],
  ['4047', O, 'Remand On Unconditional Bail'],
  ['4055', O, 'Remanded in Youth Detention Accommodation with bail direction', BAIL_DIRECTION],
  ['4061', O, 'Remanded On Bail'],
  ['4066', O, 'Remit to Youth Court for Sentence - Cont Bail'],
  ['4529', O, 'Remand on Conditional Bail (Defendant Absent)'],
  ['4530', O, 'Remand on Conditional Bail'],
  ['4533', O, 'Remand in Custody with Direction to Release on Bail', BAIL_DIRECTION],
  ['4537', O, 'Remand in Local Authority Accommodation (Bail Refused)', LA],
  ['4538', O, 'Remand in Local Authority Accommodation with Bail Direction', LA],
  ['4542', O, 'Remand on Unconditional Bail'],
  ['4543', O, 'Remand on Unconditional Bail (Defendant Absent)'],
  ['4548', O, 'Remittal to Youth Court Conditional Bail'],
  ['4550', O, 'Remittal to Youth Court in Local Authority Accommodation', LA],
  ['4552', O, 'Remittal to Youth Court Unconditional Bail'],
  ['4558', O, 'Commit/Transfer/Send to Crown Court for Trial on Unconditional Bail'],
  ['4559', O, 'Commit/Transfer/Send to Crown Court for Trial on Conditional Bail'],
  ['4561', O, 'Commit/Transfer/Send to Crown Court for Trial in Custody With Direction to Bail', BAIL_DIRECTION],
  ['4562', O, 'Commit/Transfer/Send to Crown Court for Trial in Local Authority Accommodation', LA],
  ['4572', O, 'Bail Review Impose/Vary Conditions'],
  ['4574', O, 'Variation of Bail Conditions - Application by defendant'],
  ['4587', O, 'Remittal for Trial - Conditional Bail'],
  ['4589', O, 'Remittal for Trial - Unconditional Bail'],

  // Neither: adjournments, findings, pleas, and orders that sit beside a sentence.
  ['1029', N, 'Order Revoked'],
  ['1030', N, 'Order Varied'],
  ['1040', N, 'Order to Continue'],
  ['1177', N, 'Criminal Behaviour Order'],
  ['1179', N, 'Sexual Harm Prevention Order'],
  ['2501', N, 'Jury Discharged from Giving a Verdict, having reached a Verdict on another count'],
  ['2514', N, 'Jury Discharged, unable to reach a Verdict'],
  ['2059', N, 'Carried Forward to Court Case'],
  ['2060', N, 'Replaced With Another Offence'],
  ['3006', N, 'Deportation Recommended'],
  ['3007', N, 'Disqualified from Driving'],
  ['3008', N, 'Driving Licence Endorsed'],
  ['3011', N, 'Costs'],
  ['3012', N, 'Compensation'],
  ['3045', N, 'Appeal Dismissed'],
  ['3047', N, 'Restraining Order Protection from Harassment'],
  ['3052', N, 'Sex Offenders Notice'],
  ['3054', N, 'Forfeiture'],
  ['3056', N, 'Confiscation'],
  ['3070', N, 'Disqualified from Driving - Obligatory'],
  ['3071', N, 'Disqualified from Driving - Discretionary'],
  ['3072', N, 'Disqualified from Driving - Points (Totting)'],
  ['3093', N, 'Appeal Withdrawn'],
  ['3101', N, 'Unpaid Work Requirement'],
  ['3102', N, 'Activity Requirement'],
  ['3103', N, 'Programme Requirement'],
  ['3105', N, 'Curfew Requirement'],
  ['3107', N, 'Residence Requirement'],
  ['3109', N, 'Drug Rehabilitation Requirement'],
  ['3112', N, 'Taken into consideration (TIC)'],
  ['3113', N, 'Court Assessed Dangerous Offender'],
  ['3117', N, 'Victim Surcharge'],
  ['3118', N, "Number of Offences TIC'd at Court"],
  ['3121', N, 'Serious Crime Prevention Order'],
  ['3162', N, 'Lesser / Alternative charge substituted'],
  ['3209', N, 'Penalty Points'],
  ['3304', N, 'Knife Crime Prevention Order'],
  ['3307', N, 'Stalking Protection Order'],
  ['3326', N, 'Domestic Abuse Protection Order'],
  ['3501', N, 'Dealt with for Original Offence'],
  ['4004', N, 'Sentence Postponed'],
  ['4005', N, 'Sentence Deferred'],
  ['4060', N, 'Sentence Deferred - Date to be Fixed'],
  ['4019', N, 'Pre-sentence drug testing order'],
  ['4506', N, 'Adjournment'],
  ['4511', N, 'Consents Summary Trial - Guilty'],
  ['4513', N, 'Consents Summary Trial - Not Guilty'],
  ['4515', N, 'Elects Trial by Jury'],
  ['4517', N, 'Indictable Only'],
  ['4518', N, 'Justices Direct Trial by Jury'],
  ['4521', N, 'Summary Trial - Guilty Summary Offence'],
  ['4522', N, 'Summary Trial - Not Guilty'],
  ['4575', N, 'Warrant for Offence Backed for Bail (Dated)'],
  ['4577', N, 'Warrant for Offence Backed for Bail (Undated)'],
  ['4578', N, 'Guilty/Convicted in Absence'],
  ['4579', N, 'Guilty/Convicted'],
  ['4592', N, "Defendant's personal details changed"],
  ['4594', N, 'Urgent notification sent'],
];

export const RESULT_CODES: ReadonlyMap<string, ResultCode> = new Map(
  ROWS.map(([code, direction, label, note]) => [code, { code, label, direction, ...(note ? { note } : {}) }]),
);

/**
 * CJS 1000 is "Uncoded text result": the court typed words instead of choosing a result, so the
 * code says nothing and the words must be read.
 */
export const UNCODED_TEXT_RESULT = '1000';

/** The table's entry for a code, or undefined when the code is not one this table knows. */
export const resultCode = (code: string): ResultCode | undefined =>
  code === UNCODED_TEXT_RESULT ? undefined : RESULT_CODES.get(code.trim());
