// The built-in "Demographics" folder every workspace starts with (SPEC 2.1): ordinary optional
// custom fields that an admin can hide as a whole.
import { customFieldFolders, customFields } from '../../db/schema/contacts.ts';
import type { Ctx } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';

const options = (...pairs: [string, string][]) => pairs.map(([value, label]) => ({ value, label }));

export const demographicFields = [
  { key: 'net_worth', label: 'Net worth', type: 'currency' as const },
  { key: 'household_income', label: 'Household income', type: 'currency' as const },
  {
    key: 'home_owner_status',
    label: 'Home-owner status',
    type: 'single_select' as const,
    options: options(['owner', 'Owner'], ['renter', 'Renter'], ['living_with_family', 'Living with family']),
  },
  { key: 'occupation', label: 'Occupation', type: 'text' as const },
  {
    key: 'marital_status',
    label: 'Marital status',
    type: 'single_select' as const,
    options: options(
      ['single', 'Single'],
      ['married', 'Married'],
      ['partnership', 'Civil partnership'],
      ['divorced', 'Divorced'],
      ['widowed', 'Widowed'],
    ),
  },
  {
    key: 'education',
    label: 'Education',
    type: 'single_select' as const,
    options: options(
      ['secondary', 'Secondary school'],
      ['vocational', 'Vocational training'],
      ['bachelor', 'Bachelor’s degree'],
      ['master', 'Master’s degree'],
      ['doctorate', 'Doctorate'],
    ),
  },
  { key: 'presence_of_children', label: 'Children in household', type: 'checkbox' as const },
  {
    key: 'length_of_residence',
    label: 'Length of residence (years)',
    type: 'number' as const,
    description: 'Years at the current address',
  },
];

export async function insertDemographicsFolder(ctx: Ctx): Promise<void> {
  const folderId = newId();
  await ctx.db
    .insert(customFieldFolders)
    .values({ workspaceId: ctx.workspaceId, id: folderId, name: 'Demographics', position: 100, builtIn: true });
  await ctx.db.insert(customFields).values(
    demographicFields.map((f, i) => ({
      workspaceId: ctx.workspaceId,
      id: newId(),
      key: f.key,
      label: f.label,
      type: f.type,
      options: 'options' in f ? f.options : [],
      description: 'description' in f ? f.description : null,
      folderId,
      required: false,
      appliesToAll: true,
      position: 1000 + i,
    })),
  );
}
