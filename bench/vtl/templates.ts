/** Templates for bench/vtl/run.ts: a ~1 KB JSON-to-JSON mapping plus the AWS guide's examples. */
export const ORDER_TEMPLATE = `#set($body = $input.path('$'))
#set($customer = $body.customer)
{
  "requestId": "$context.requestId",
  "stage": "$context.stage",
  "sourceIp": "$context.identity.sourceIp",
  "receivedAt": $context.requestTimeEpoch,
  "currency": "USD",
  "customer": {
    "id": "$customer.id",
    "name": "$util.escapeJavaScript($customer.name)",
    "email": "$customer.email.toLowerCase()",
    "vip": #if($customer.tier == "gold" || $customer.tier == "platinum")true#{else}false#end
  },
  "items": [
#foreach($item in $body.items)
    {
      "sku": "$item.sku",
      "quantity": $item.qty,
      "unitPrice": $item.price,
      "lineTotal": #set($total = $item.price * $item.qty)$total,
      "gift": #if($item.gift)true#{else}false#end,
      "firstTag": "$item.tags[0]",
      "position": $foreach.count
    }#if($foreach.hasNext),#end
#end
  ],
  "itemCount": $body.items.size(),
  "note": "$util.escapeJavaScript($body.note)",
  "source": "$input.params('source')",
  "userAgent": "$context.identity.userAgent"
}
`

export const AWS_EXAMPLES: Record<string, string> = {
  'ex1-input-trio': `{
    "id" : "$input.params('id')",
    "count" : "$input.path('$.things').size()",
    "things" : $util.escapeJavaScript($input.json('$.things'))
}`,
  'ex2-parse-json': `#set ($errorMessageObj = $util.parseJson($input.path('$.errorMessage')))
{
   "errorMessageObjKey2ArrVal" : $errorMessageObj.key2.arr[0]
}`,
  'ex3-all-params': `#set($allParams = $input.params())
{
  "params" : {
    #foreach($type in $allParams.keySet())
    #set($params = $allParams.get($type))
    "$type" : {
      #foreach($paramName in $params.keySet())
      "$paramName" : "$util.escapeJavaScript($params.get($paramName))"
      #if($foreach.hasNext),#end
      #end
    }
    #if($foreach.hasNext),#end
    #end
  }
}`,
  'ex4-query-and-body': `{ "name" : "$input.params('name')", "body" : $input.json('$') }`,
  'ex5-context': `{"stage":"$context.stage","request_id":"$context.requestId","api_id":"$context.apiId","resource_path":"$context.resourcePath","resource_id":"$context.resourceId","http_method":"$context.httpMethod","source_ip":"$context.identity.sourceIp","user-agent":"$context.identity.userAgent","account_id":"$context.identity.accountId","api_key":"$context.identity.apiKey","caller":"$context.identity.caller","user":"$context.identity.user","user_arn":"$context.identity.userArn"}`,
}
