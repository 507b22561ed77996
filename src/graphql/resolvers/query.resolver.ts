import { Arg, Ctx, Int, Query, Resolver } from "type-graphql";
import { entityAnchor } from "../../db/repositories/external-params";
import { packagesEligibleFor, paramConfigs, paramValues } from "../../db/repositories/pages";
import { findSubscriber } from "../../db/repositories/subscribers";
import type { CustomerRow, ExternalParamConfigRow, PackageRow, RequestRow, SubscriberRow } from "../../db/schema";
import { checkEntity, checkRequesterIsCustomer } from "../../domain/external-params";
import { readIdentifier } from "../../domain/attach-offer";
import { decideMyPackagesScope } from "../../domain/my-packages";
import { readPage } from "../../domain/pagination";
import type { InputIssue } from "../../domain/refusals";
import { isVisible } from "../../domain/visibility";
import { requesterOf, type Context } from "../context";
import { toErrorResult } from "../errors/catalogue";
import { UUID } from "../scalars";
import { emptyConnection, toConnection } from "../types/connection.type";
import { ExternalParamConfigConnection, PackageConnection } from "../types/connections";
import { Customer } from "../types/customer.type";
import { ExternalParamEntity } from "../types/enums";
import { SubscriberIdentifierInput } from "../types/inputs";
import { Request } from "../types/request.type";
import { ExternalParamsConfigResult, MyPackagesResult } from "../types/results";
import { Subscriber } from "../types/subscriber.type";
import { AFTER, FIRST, guarded, inputError } from "./guard";


@Resolver()
export class QueryResolver {
  @Query(() => Customer, { description: "The customer your API key belongs to." })
  viewer(@Ctx() ctx: Context): CustomerRow {
    return requesterOf(ctx);
  }

  @Query(() => Customer, { nullable: true, description: "A customer: yourself or one of your descendants; null for any other id." })
  async customer(
    @Arg("id", () => UUID, { description: "The customer's id." }) id: string,
    @Ctx() ctx: Context,
  ): Promise<CustomerRow | null> {
    const customer = await ctx.loaders.customer.load(id);
    return customer && isVisible(requesterOf(ctx), customer) ? customer : null;
  }

  @Query(() => Subscriber, {
    nullable: true,
    description: "A subscriber of yours or of a descendant, by one of its identifiers; null when there is none you can see.",
  })
  subscriber(
    @Arg("identifier", () => SubscriberIdentifierInput, { description: "Which identifier, and its value." })
    identifier: SubscriberIdentifierInput,
    @Ctx() ctx: Context,
  ): SubscriberRow | null {
    const issues: InputIssue[] = [];
    const normalized = readIdentifier(identifier, "identifier", issues);
    if (!normalized) throw inputError(issues);
    const found = findSubscriber(ctx.handle.reader, normalized);
    return found && isVisible(requesterOf(ctx), found.customer) ? found.row : null;
  }

  @Query(() => Request, { nullable: true, description: "A request you caused, by its requestId; null for any other id." })
  async request(
    @Arg("id", () => UUID, { description: "The requestId a mutation returned." }) id: string,
    @Ctx() ctx: Context,
  ): Promise<RequestRow | null> {
    const request = await ctx.loaders.request.load(id);
    return request && request.requesterId === requesterOf(ctx).id ? request : null;
  }

  @Query(() => MyPackagesResult, {
    description:
      "Allocated packages. For your own id: your parent's packages you are eligible for (your Buy packages). For a direct sub-customer's id: your packages it is eligible for.",
  })
  myPackages(
    @Arg("customerId", () => UUID, { description: "Your own id or a direct sub-customer's." }) customerId: string,
    @Arg("first", () => Int, FIRST) first: number | null,
    @Arg("after", () => String, AFTER) after: string | null,
    @Ctx() ctx: Context,
  ) {
    return guarded(ctx, "myPackages", async () => {
      const page = readPage(first, after);
      if (!page.ok) return toErrorResult("myPackages", { type: "ValidationFailed", issues: page.issues });
      const requester = requesterOf(ctx);
      const scope = decideMyPackagesScope(requester, await ctx.loaders.customer.load(customerId), customerId);
      if (!scope.ok) return toErrorResult("myPackages", scope.refusal);
      const { ownerId, eligibleId } = scope.value;
      if (!ownerId) return emptyConnection(PackageConnection);
      const list = ctx.loaders.list<PackageRow>(`eligible:${eligibleId}`, () => packagesEligibleFor(eligibleId));
      const result = await list.page.load({ parentId: ownerId, page: page.page });
      return toConnection(PackageConnection, result, page.page, () => list.count.load(ownerId));
    });
  }

  @Query(() => ExternalParamsConfigResult, {
    description:
      "Your external parameter configs for one entity's type, each with that entity's value. The entity must be yours: yourself or a direct sub-account, a subscriber of either, or your own offer or package.",
  })
  externalParamsConfig(
    @Arg("customerId", () => UUID, { description: "Must be your own id." }) customerId: string,
    @Arg("entity", () => ExternalParamEntity, { description: "The entity's kind." }) entity: ExternalParamEntity,
    @Arg("entityId", () => UUID, { description: "The entity's id." }) entityId: string,
    @Arg("first", () => Int, FIRST) first: number | null,
    @Arg("after", () => String, AFTER) after: string | null,
    @Ctx() ctx: Context,
  ) {
    return guarded(ctx, "externalParamsConfig", async () => {
      const op = "externalParamsConfig";
      const page = readPage(first, after);
      if (!page.ok) return toErrorResult(op, { type: "ValidationFailed", issues: page.issues });
      const requester = requesterOf(ctx);
      const customer = checkRequesterIsCustomer(requester, await ctx.loaders.customer.load(customerId), customerId);
      if (!customer.ok) return toErrorResult(op, customer.refusal);
      const db = ctx.handle.reader;
      const entityType = checkEntity(requester, entity, entityId, entityAnchor(db, entity, entityId));
      if (!entityType.ok) return toErrorResult(op, entityType.refusal);
      const list = ctx.loaders.list<ExternalParamConfigRow>(`params:${entityType.value}`, () =>
        paramConfigs(entityType.value),
      );
      const configs = await list.page.load({ parentId: requester.id, page: page.page });
      const values = paramValues(db, entityId, configs.rows.map((c) => c.id));
      const rows = configs.rows.map((c) => ({ ...c, value: values.get(c.id) ?? null }));
      return toConnection(ExternalParamConfigConnection, { ...configs, rows }, page.page, () =>
        list.count.load(requester.id),
      );
    });
  }
}
