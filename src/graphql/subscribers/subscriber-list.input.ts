/**
 * The arguments of a list of subscribers: its page, its order and its filter, read by the
 * domain's readers (readPage, readSubscriberFilter). The list has no result union, so a bad
 * value is a GraphQL error naming each argument at fault (inputError), as a bad `first` is.
 */
import { ArgsType, Field, InputType, registerEnumType } from "type-graphql";
import type { ListName } from "../../app/ports";
import { readPage, type PageRequest } from "../../domain/input/pagination";
import { readSubscriberFilter, type SubscriberFilter } from "../../domain/subscribers/subscriber-filter";
import { ConnectionArgs } from "../connection";
import { inputError } from "../errors/input-error";
import { OrderDirection } from "../list-order";
import { UUID } from "../scalars";

export enum SubscriberOrderField {
  CREATED_AT = "CREATED_AT",
}
registerEnumType(SubscriberOrderField, {
  name: "SubscriberOrderField",
  description: "What a list of subscribers can be ordered by.",
  valuesConfig: { CREATED_AT: { description: "When the subscriber was created (then its id, for subscribers created at the same time)." } },
});

@InputType({ description: "The order of a list of subscribers." })
export class SubscriberOrderInput {
  @Field(() => SubscriberOrderField, { description: "What the list is ordered by." })
  field!: SubscriberOrderField;

  @Field(() => OrderDirection, { description: "ASC: oldest first; DESC: newest first." })
  direction!: OrderDirection;
}

export enum SubscriberIdentifierPrefixType {
  IMSI = "IMSI",
  ICCID = "ICCID",
  MSISDN = "MSISDN",
}
registerEnumType(SubscriberIdentifierPrefixType, {
  name: "SubscriberIdentifierPrefixType",
  description: "The identifiers a list of subscribers can be narrowed by a prefix of.",
  valuesConfig: {
    IMSI: { description: "IMSI: a prefix of 1 to 15 digits (e.g. the operator's MCC and MNC)." },
    ICCID: { description: "ICCID: a prefix of 1 to 22 digits (e.g. a batch of SIM cards)." },
    MSISDN: { description: "MSISDN: a prefix of 1 to 15 digits (e.g. a country code); a leading + is accepted and dropped." },
  },
});

@InputType({ description: "Subscribers whose identifier of one type starts with the given digits." })
export class SubscriberIdentifierPrefixInput {
  @Field(() => SubscriberIdentifierPrefixType, { description: "Which identifier." })
  type!: SubscriberIdentifierPrefixType;

  @Field({ description: "Its first digits: digits only, at least one, at most the identifier's longest length." })
  prefix!: string;
}

@InputType({ description: "Narrows a list of subscribers: each condition given must hold; an empty filter keeps every subscriber." })
export class SubscriberFilterInput {
  @Field(() => UUID, { nullable: true, description: "Only subscribers with this package attached." })
  packageId?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: "true: only subscribers with no package attached (not together with packageId). false or omitted: no condition.",
  })
  withoutPackage?: boolean | null;

  @Field(() => SubscriberIdentifierPrefixInput, { nullable: true, description: "Only subscribers whose identifier starts with these digits." })
  identifierPrefix?: SubscriberIdentifierPrefixInput | null;
}

/** `first`, `after`, `orderBy` and `filter` of a list of subscribers. */
@ArgsType()
export class SubscriberListArgs extends ConnectionArgs {
  @Field(() => SubscriberOrderInput, {
    nullable: true,
    description: "The list's order: oldest first when omitted. A cursor pages on only in the order it was made in.",
  })
  orderBy?: SubscriberOrderInput | null;

  @Field(() => SubscriberFilterInput, {
    nullable: true,
    description: "Which subscribers to list (every one when omitted); totalCount counts those. A cursor pages on under any filter.",
  })
  filter?: SubscriberFilterInput | null;

  /** The page asked for, in its order; a bad value of any argument, the filter's included, is a GraphQL error. */
  override page(): PageRequest {
    return this.asked().page;
  }

  /** The subscribers list narrowed by the filter (the list itself when the filter keeps every subscriber). */
  narrow(list: ListName): ListName {
    const { filter } = this.asked();
    return list.list === "subscribers" && Object.keys(filter).length > 0 ? { list: "subscribers", filter } : list;
  }

  private asked(): { page: PageRequest; filter: SubscriberFilter } {
    const page = readPage(this.first, this.after, undefined, this.orderBy ?? null);
    const filter = readSubscriberFilter(this.filter);
    if (!page.ok || !filter.ok) throw inputError([...(page.ok ? [] : page.issues), ...(filter.ok ? [] : filter.issues)]);
    return { page: page.page, filter: filter.filter };
  }
}
