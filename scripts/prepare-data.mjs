console.log('prepare-data: placeholder')
