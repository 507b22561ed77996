import { ApiKey } from "./api-key.type";
import { ConnectionType } from "./connection.type";
import { Customer } from "./customer.type";
import { ExternalParamConfig } from "./external-param.type";
import { Offer } from "./offer.type";
import { Package } from "./package.type";
import { Request } from "./request.type";
import { Subscriber } from "./subscriber.type";

export const CustomerConnection = ConnectionType(Customer, "Customer", "customer");
export const SubscriberConnection = ConnectionType(Subscriber, "Subscriber", "subscriber");
export const OfferConnection = ConnectionType(Offer, "Offer", "offer");
export const PackageConnection = ConnectionType(Package, "Package", "package");
export const ExternalParamConfigConnection = ConnectionType(ExternalParamConfig, "ExternalParamConfig", "external param config");
export const RequestConnection = ConnectionType(Request, "Request", "request");
export const ApiKeyConnection = ConnectionType(ApiKey, "ApiKey", "API key");
