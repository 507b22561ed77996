
      export type PossibleTypesResultData = {
  "possibleTypes": {
    "AttachOfferResult": [
      "AttachOfferSuccess",
      "IdempotencyKeyReused",
      "OfferNotBuyPlan",
      "OfferNotFound",
      "OfferNotSellPlan",
      "ParentPlanNotAllowed",
      "PoolPlanAlreadyAttached",
      "PoolPlanNotForSubAccount",
      "PoolPlanNotSelfService",
      "PriorityInUse",
      "ServiceUnavailable",
      "SubscriberNotFound",
      "SubscriberNotInSubAccount",
      "SubscriberNotOwn",
      "ValidationFailed"
    ],
    "AttachPackageResult": [
      "AttachPackageSuccess",
      "IdempotencyKeyReused",
      "PackageAlreadyAttached",
      "PackageNotBuyPackage",
      "PackageNotFound",
      "PackageNotSellPackage",
      "SelfServiceNotEligible",
      "ServiceUnavailable",
      "SubAccountNotEligible",
      "SubscriberNotFound",
      "SubscriberNotInSubAccount",
      "SubscriberNotOwn",
      "ValidationFailed"
    ],
    "BulkReplacePackageItemError": [
      "CurrentPackageMismatch",
      "PackageNotBuyPackage",
      "PackageNotFound",
      "PackageNotSellPackage",
      "SelfServiceNotEligible",
      "ServiceUnavailable",
      "SubAccountNotEligible",
      "SubscriberNotFound",
      "SubscriberNotInSubAccount",
      "SubscriberNotOwn",
      "ValidationFailed"
    ],
    "BulkReplacePackageResult": [
      "BulkReplacePackageSuccess",
      "IdempotencyKeyReused",
      "ServiceUnavailable",
      "ValidationFailed"
    ],
    "ClearExternalParamValueResult": [
      "ClearExternalParamValueSuccess",
      "EntityNotFound",
      "ExternalParamConfigNotFound",
      "IdempotencyKeyReused",
      "ServiceUnavailable",
      "ValidationFailed"
    ],
    "CreateApiKeyResult": [
      "CreateApiKeySuccess",
      "CustomerNotDirectSubAccount",
      "CustomerNotFound",
      "IdempotencyKeyReused",
      "ServiceUnavailable",
      "ValidationFailed"
    ],
    "CreateExternalParamConfigResult": [
      "CreateExternalParamConfigSuccess",
      "ExternalParamNameTaken",
      "IdempotencyKeyReused",
      "ServiceUnavailable",
      "ValidationFailed"
    ],
    "CreateOfferResult": [
      "CreateOfferSuccess",
      "IdempotencyKeyReused",
      "PoolCustomerNotSubAccount",
      "ServiceUnavailable",
      "ValidationFailed"
    ],
    "CreatePackageResult": [
      "CreatePackageSuccess",
      "CustomerNotFound",
      "CustomerNotRequester",
      "IdempotencyKeyReused",
      "NotDirectSubAccounts",
      "OffersNotOwned",
      "PackageNameTaken",
      "PoolOffersNotAllowedInPackage",
      "ServiceUnavailable",
      "ValidationFailed"
    ],
    "CreateSubCustomerResult": [
      "CreateSubCustomerSuccess",
      "IdempotencyKeyReused",
      "ServiceUnavailable",
      "ValidationFailed"
    ],
    "CreateSubscriberItemError": [
      "CustomerNotDirectSubAccount",
      "CustomerNotFound",
      "ServiceUnavailable",
      "SubscriberIdentifierTaken",
      "ValidationFailed"
    ],
    "CreateSubscribersResult": [
      "CreateSubscribersSuccess",
      "IdempotencyKeyReused",
      "ServiceUnavailable",
      "ValidationFailed"
    ],
    "DeletePackageResult": [
      "DeletePackageSuccess",
      "IdempotencyKeyReused",
      "PackageInUse",
      "PackageNotFound",
      "PackageNotSellPackage",
      "ServiceUnavailable",
      "ValidationFailed"
    ],
    "DetachOfferResult": [
      "DetachOfferSuccess",
      "IdempotencyKeyReused",
      "OfferCameWithPackage",
      "OfferNotBuyPlan",
      "OfferNotSellPlan",
      "ParentPlanNotAllowed",
      "PoolPlanNotSelfService",
      "ServiceUnavailable",
      "SubscriberNotInSubAccount",
      "SubscriberNotOwn",
      "SubscriberOfferNotFound",
      "ValidationFailed"
    ],
    "DetachPackageResult": [
      "CurrentPackageMismatch",
      "DetachPackageSuccess",
      "IdempotencyKeyReused",
      "SelfServiceNotEligible",
      "ServiceUnavailable",
      "SubscriberNotFound",
      "SubscriberNotInSubAccount",
      "SubscriberNotOwn",
      "ValidationFailed"
    ],
    "ErrorResult": [
      "ApiKeyNotFound",
      "CurrentPackageMismatch",
      "CustomerNotDirectSubAccount",
      "CustomerNotFound",
      "CustomerNotRequester",
      "EntityNotFound",
      "ExternalParamConfigNotFound",
      "ExternalParamNameTaken",
      "ExternalParamNotForSubscribers",
      "ExternalParamNotSearchable",
      "IdempotencyKeyReused",
      "NotDirectSubAccounts",
      "OfferCameWithPackage",
      "OfferNotBuyPlan",
      "OfferNotFound",
      "OfferNotSellPlan",
      "OffersNotOwned",
      "PackageAlreadyAttached",
      "PackageInUse",
      "PackageNameTaken",
      "PackageNotBuyPackage",
      "PackageNotFound",
      "PackageNotSellPackage",
      "ParentPlanNotAllowed",
      "PoolCustomerNotSubAccount",
      "PoolOffersNotAllowedInPackage",
      "PoolPlanAlreadyAttached",
      "PoolPlanNotForSubAccount",
      "PoolPlanNotSelfService",
      "PriorityInUse",
      "SelfServiceNotEligible",
      "ServiceUnavailable",
      "SubAccountNotEligible",
      "SubscriberIdentifierTaken",
      "SubscriberNotFound",
      "SubscriberNotInSubAccount",
      "SubscriberNotOwn",
      "SubscriberOfferNotFound",
      "ValidationFailed"
    ],
    "ExternalParamsConfigResult": [
      "CustomerNotFound",
      "CustomerNotRequester",
      "EntityNotFound",
      "ExternalParamConfigConnection",
      "ServiceUnavailable",
      "ValidationFailed"
    ],
    "MyPackagesResult": [
      "CustomerNotFound",
      "PackageConnection",
      "ServiceUnavailable",
      "ValidationFailed"
    ],
    "Node": [
      "ApiKey",
      "Customer",
      "ExternalParamConfig",
      "Offer",
      "Package",
      "Request",
      "Subscriber",
      "SubscriberOffer"
    ],
    "RenameCustomerResult": [
      "CustomerNotFound",
      "IdempotencyKeyReused",
      "RenameCustomerSuccess",
      "ServiceUnavailable",
      "ValidationFailed"
    ],
    "RevokeApiKeyResult": [
      "ApiKeyNotFound",
      "IdempotencyKeyReused",
      "RevokeApiKeySuccess",
      "ServiceUnavailable",
      "ValidationFailed"
    ],
    "SetExternalParamValueResult": [
      "EntityNotFound",
      "ExternalParamConfigNotFound",
      "IdempotencyKeyReused",
      "ServiceUnavailable",
      "SetExternalParamValueSuccess",
      "ValidationFailed"
    ],
    "SetOfferDelegationResult": [
      "CustomerNotDirectSubAccount",
      "CustomerNotFound",
      "IdempotencyKeyReused",
      "ServiceUnavailable",
      "SetOfferDelegationSuccess",
      "ValidationFailed"
    ],
    "SubscribersByExternalParamResult": [
      "ExternalParamConfigNotFound",
      "ExternalParamNotForSubscribers",
      "ExternalParamNotSearchable",
      "ServiceUnavailable",
      "SubscriberConnection",
      "ValidationFailed"
    ],
    "UpdatePackageResult": [
      "IdempotencyKeyReused",
      "NotDirectSubAccounts",
      "OffersNotOwned",
      "PackageInUse",
      "PackageNameTaken",
      "PackageNotFound",
      "PackageNotSellPackage",
      "PoolOffersNotAllowedInPackage",
      "ServiceUnavailable",
      "UpdatePackageSuccess",
      "ValidationFailed"
    ]
  }
};
      const result: PossibleTypesResultData = {
  "possibleTypes": {
    "AttachOfferResult": [
      "AttachOfferSuccess",
      "IdempotencyKeyReused",
      "OfferNotBuyPlan",
      "OfferNotFound",
      "OfferNotSellPlan",
      "ParentPlanNotAllowed",
      "PoolPlanAlreadyAttached",
      "PoolPlanNotForSubAccount",
      "PoolPlanNotSelfService",
      "PriorityInUse",
      "ServiceUnavailable",
      "SubscriberNotFound",
      "SubscriberNotInSubAccount",
      "SubscriberNotOwn",
      "ValidationFailed"
    ],
    "AttachPackageResult": [
      "AttachPackageSuccess",
      "IdempotencyKeyReused",
      "PackageAlreadyAttached",
      "PackageNotBuyPackage",
      "PackageNotFound",
      "PackageNotSellPackage",
      "SelfServiceNotEligible",
      "ServiceUnavailable",
      "SubAccountNotEligible",
      "SubscriberNotFound",
      "SubscriberNotInSubAccount",
      "SubscriberNotOwn",
      "ValidationFailed"
    ],
    "BulkReplacePackageItemError": [
      "CurrentPackageMismatch",
      "PackageNotBuyPackage",
      "PackageNotFound",
      "PackageNotSellPackage",
      "SelfServiceNotEligible",
      "ServiceUnavailable",
      "SubAccountNotEligible",
      "SubscriberNotFound",
      "SubscriberNotInSubAccount",
      "SubscriberNotOwn",
      "ValidationFailed"
    ],
    "BulkReplacePackageResult": [
      "BulkReplacePackageSuccess",
      "IdempotencyKeyReused",
      "ServiceUnavailable",
      "ValidationFailed"
    ],
    "ClearExternalParamValueResult": [
      "ClearExternalParamValueSuccess",
      "EntityNotFound",
      "ExternalParamConfigNotFound",
      "IdempotencyKeyReused",
      "ServiceUnavailable",
      "ValidationFailed"
    ],
    "CreateApiKeyResult": [
      "CreateApiKeySuccess",
      "CustomerNotDirectSubAccount",
      "CustomerNotFound",
      "IdempotencyKeyReused",
      "ServiceUnavailable",
      "ValidationFailed"
    ],
    "CreateExternalParamConfigResult": [
      "CreateExternalParamConfigSuccess",
      "ExternalParamNameTaken",
      "IdempotencyKeyReused",
      "ServiceUnavailable",
      "ValidationFailed"
    ],
    "CreateOfferResult": [
      "CreateOfferSuccess",
      "IdempotencyKeyReused",
      "PoolCustomerNotSubAccount",
      "ServiceUnavailable",
      "ValidationFailed"
    ],
    "CreatePackageResult": [
      "CreatePackageSuccess",
      "CustomerNotFound",
      "CustomerNotRequester",
      "IdempotencyKeyReused",
      "NotDirectSubAccounts",
      "OffersNotOwned",
      "PackageNameTaken",
      "PoolOffersNotAllowedInPackage",
      "ServiceUnavailable",
      "ValidationFailed"
    ],
    "CreateSubCustomerResult": [
      "CreateSubCustomerSuccess",
      "IdempotencyKeyReused",
      "ServiceUnavailable",
      "ValidationFailed"
    ],
    "CreateSubscriberItemError": [
      "CustomerNotDirectSubAccount",
      "CustomerNotFound",
      "ServiceUnavailable",
      "SubscriberIdentifierTaken",
      "ValidationFailed"
    ],
    "CreateSubscribersResult": [
      "CreateSubscribersSuccess",
      "IdempotencyKeyReused",
      "ServiceUnavailable",
      "ValidationFailed"
    ],
    "DeletePackageResult": [
      "DeletePackageSuccess",
      "IdempotencyKeyReused",
      "PackageInUse",
      "PackageNotFound",
      "PackageNotSellPackage",
      "ServiceUnavailable",
      "ValidationFailed"
    ],
    "DetachOfferResult": [
      "DetachOfferSuccess",
      "IdempotencyKeyReused",
      "OfferCameWithPackage",
      "OfferNotBuyPlan",
      "OfferNotSellPlan",
      "ParentPlanNotAllowed",
      "PoolPlanNotSelfService",
      "ServiceUnavailable",
      "SubscriberNotInSubAccount",
      "SubscriberNotOwn",
      "SubscriberOfferNotFound",
      "ValidationFailed"
    ],
    "DetachPackageResult": [
      "CurrentPackageMismatch",
      "DetachPackageSuccess",
      "IdempotencyKeyReused",
      "SelfServiceNotEligible",
      "ServiceUnavailable",
      "SubscriberNotFound",
      "SubscriberNotInSubAccount",
      "SubscriberNotOwn",
      "ValidationFailed"
    ],
    "ErrorResult": [
      "ApiKeyNotFound",
      "CurrentPackageMismatch",
      "CustomerNotDirectSubAccount",
      "CustomerNotFound",
      "CustomerNotRequester",
      "EntityNotFound",
      "ExternalParamConfigNotFound",
      "ExternalParamNameTaken",
      "ExternalParamNotForSubscribers",
      "ExternalParamNotSearchable",
      "IdempotencyKeyReused",
      "NotDirectSubAccounts",
      "OfferCameWithPackage",
      "OfferNotBuyPlan",
      "OfferNotFound",
      "OfferNotSellPlan",
      "OffersNotOwned",
      "PackageAlreadyAttached",
      "PackageInUse",
      "PackageNameTaken",
      "PackageNotBuyPackage",
      "PackageNotFound",
      "PackageNotSellPackage",
      "ParentPlanNotAllowed",
      "PoolCustomerNotSubAccount",
      "PoolOffersNotAllowedInPackage",
      "PoolPlanAlreadyAttached",
      "PoolPlanNotForSubAccount",
      "PoolPlanNotSelfService",
      "PriorityInUse",
      "SelfServiceNotEligible",
      "ServiceUnavailable",
      "SubAccountNotEligible",
      "SubscriberIdentifierTaken",
      "SubscriberNotFound",
      "SubscriberNotInSubAccount",
      "SubscriberNotOwn",
      "SubscriberOfferNotFound",
      "ValidationFailed"
    ],
    "ExternalParamsConfigResult": [
      "CustomerNotFound",
      "CustomerNotRequester",
      "EntityNotFound",
      "ExternalParamConfigConnection",
      "ServiceUnavailable",
      "ValidationFailed"
    ],
    "MyPackagesResult": [
      "CustomerNotFound",
      "PackageConnection",
      "ServiceUnavailable",
      "ValidationFailed"
    ],
    "Node": [
      "ApiKey",
      "Customer",
      "ExternalParamConfig",
      "Offer",
      "Package",
      "Request",
      "Subscriber",
      "SubscriberOffer"
    ],
    "RenameCustomerResult": [
      "CustomerNotFound",
      "IdempotencyKeyReused",
      "RenameCustomerSuccess",
      "ServiceUnavailable",
      "ValidationFailed"
    ],
    "RevokeApiKeyResult": [
      "ApiKeyNotFound",
      "IdempotencyKeyReused",
      "RevokeApiKeySuccess",
      "ServiceUnavailable",
      "ValidationFailed"
    ],
    "SetExternalParamValueResult": [
      "EntityNotFound",
      "ExternalParamConfigNotFound",
      "IdempotencyKeyReused",
      "ServiceUnavailable",
      "SetExternalParamValueSuccess",
      "ValidationFailed"
    ],
    "SetOfferDelegationResult": [
      "CustomerNotDirectSubAccount",
      "CustomerNotFound",
      "IdempotencyKeyReused",
      "ServiceUnavailable",
      "SetOfferDelegationSuccess",
      "ValidationFailed"
    ],
    "SubscribersByExternalParamResult": [
      "ExternalParamConfigNotFound",
      "ExternalParamNotForSubscribers",
      "ExternalParamNotSearchable",
      "ServiceUnavailable",
      "SubscriberConnection",
      "ValidationFailed"
    ],
    "UpdatePackageResult": [
      "IdempotencyKeyReused",
      "NotDirectSubAccounts",
      "OffersNotOwned",
      "PackageInUse",
      "PackageNameTaken",
      "PackageNotFound",
      "PackageNotSellPackage",
      "PoolOffersNotAllowedInPackage",
      "ServiceUnavailable",
      "UpdatePackageSuccess",
      "ValidationFailed"
    ]
  }
};
      export default result;
    