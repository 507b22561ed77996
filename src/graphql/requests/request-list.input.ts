/**
 * The arguments of a list of Requests: its page, its order and its filter, read by the
 * domain's readers (readPage, readRequestFilter). The list has no result union, so a bad value
 * is a GraphQL error naming each argument at fault (inputError), as a bad `first` is.
 */
import { ArgsType, Field, InputType, registerEnumType } from "type-graphql";
import type { ListName } from "../../app/ports";
import { readPage, type PageRequest } from "../../domain/input/pagination";
import { readRequestFilter, type RequestFilter } from "../../domain/requests/request-filter";
import { ConnectionArgs } from "../connection";
import { inputError } from "../errors/input-error";
import { OrderDirection } from "../list-order";
import { RequestOperation, RequestStatus } from "./request.type";

export enum RequestOrderField {
  CREATED_AT = "CREATED_AT",
}
registerEnumType(RequestOrderField, {
  name: "RequestOrderField",
  description: "What a list of Requests can be ordered by.",
  valuesConfig: { CREATED_AT: { description: "When the Request started (then its id, for Requests started at the same time)." } },
});

@InputType({ description: "The order of a list of Requests." })
export class RequestOrderInput {
  @Field(() => RequestOrderField, { description: "What the list is ordered by." })
  field!: RequestOrderField;

  @Field(() => OrderDirection, { description: "ASC: oldest first; DESC: latest first." })
  direction!: OrderDirection;
}

@InputType({ description: "Narrows a list of Requests: each condition given must hold; an empty filter keeps every Request." })
export class RequestFilterInput {
  @Field(() => RequestStatus, { nullable: true, description: "Only Requests that stand here (e.g. FAILED)." })
  status?: RequestStatus | null;

  @Field(() => RequestOperation, { nullable: true, description: "Only Requests of this mutation." })
  operation?: RequestOperation | null;
}

/** `first`, `after`, `orderBy` and `filter` of a list of Requests. */
@ArgsType()
export class RequestListArgs extends ConnectionArgs {
  @Field(() => RequestOrderInput, {
    nullable: true,
    description: "The list's order: oldest first when omitted. A cursor pages on only in the order it was made in.",
  })
  orderBy?: RequestOrderInput | null;

  @Field(() => RequestFilterInput, {
    nullable: true,
    description: "Which Requests to list (every one when omitted); totalCount counts those. A cursor pages on under any filter.",
  })
  filter?: RequestFilterInput | null;

  /** The page asked for, in its order; a bad value of any argument, the filter's included, is a GraphQL error. */
  override page(): PageRequest {
    return this.asked().page;
  }

  /** The Requests list narrowed by the filter (the list itself when the filter keeps every Request). */
  narrow(list: ListName): ListName {
    const { filter } = this.asked();
    return list.list === "requests" && Object.keys(filter).length > 0 ? { list: "requests", filter } : list;
  }

  private asked(): { page: PageRequest; filter: RequestFilter } {
    const page = readPage(this.first, this.after, undefined, this.orderBy ?? null);
    const filter = readRequestFilter(this.filter);
    if (!page.ok || !filter.ok) throw inputError([...(page.ok ? [] : page.issues), ...(filter.ok ? [] : filter.issues)]);
    return { page: page.page, filter: filter.filter };
  }
}
